package io.modelvet.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the read-only shared corpus ({@code shared/corpus}) by walking up from the working dir. */
public final class SharedCorpus {
  private SharedCorpus() {}

  /** The corpus folder, if a parent of the working directory has a {@code shared/corpus} sibling. */
  public static Optional<Path> root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path c = p.resolve("shared").resolve("corpus");
      if (Files.isDirectory(c)) return Optional.of(c);
      p = p.getParent();
    }
    return Optional.empty();
  }
}
