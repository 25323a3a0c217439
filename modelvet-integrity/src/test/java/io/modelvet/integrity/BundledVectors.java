package io.modelvet.integrity;

import java.nio.file.Path;

/** The bundled copy of a few model-signing vectors (always present, unlike the shared corpus). */
public final class BundledVectors {
  private BundledVectors() {}

  public static Path root() {
    return Path.of("src/test/resources/vectors").toAbsolutePath();
  }
}
