package io.modelvet.integrity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code shared/corpus/model-signing} by walking up from the working folder. */
public final class SharedCorpus {
  private SharedCorpus() {}

  public static Optional<Path> modelSigning() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/corpus/model-signing");
      if (Files.isRegularFile(candidate.resolve("cases.json"))) return Optional.of(candidate);
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  /** The bundled copy of a few vectors (always present). */
  public static Path bundledVectors() {
    return Path.of("src/test/resources/vectors").toAbsolutePath();
  }
}
