package io.modelvet.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the read-only reference material ({@code shared/}) beside the repository, if present. */
public final class SharedCorpus {
  private SharedCorpus() {}

  /** {@code shared/<sub>} found by walking up from the working directory, or empty. */
  public static Optional<Path> find(String sub) {
    Path p = Path.of("").toAbsolutePath();
    for (int i = 0; i < 6 && p != null; i++, p = p.getParent()) {
      Path c = p.resolve("shared").resolve(sub);
      if (Files.isDirectory(c)) return Optional.of(c);
      Path sibling = p.getParent() == null ? null : p.getParent().resolve("shared").resolve(sub);
      if (sibling != null && Files.isDirectory(sibling)) return Optional.of(sibling);
    }
    return Optional.empty();
  }
}
