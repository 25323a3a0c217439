package io.modelvet.integrity.signing;

import io.modelvet.integrity.hashing.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves user-given paths (signature file, {@code --ignore-paths}) against a model root. */
public final class ModelPaths {
  private ModelPaths() {}

  /** {@code p} relative to the model folder when it lies inside it ({@code /}-separated). */
  public static Optional<String> inside(Path model, Path p) throws IOException {
    if (!Files.isDirectory(model)) return Optional.empty();
    Path root = real(model);
    Path target = real(p);
    if (!target.startsWith(root) || target.equals(root)) return Optional.empty();
    return Optional.of(ModelFiles.relative(root, target));
  }

  /**
   * An {@code --ignore-paths} entry as a model-relative path: a path that exists (relative to the
   * working folder, or absolute) and lies inside the model is made relative; any other relative
   * entry is taken as relative to the model root already. Absolute paths outside the model are
   * dropped (there is nothing to ignore).
   */
  public static Optional<String> ignoreEntry(Path model, String entry) throws IOException {
    Path p = Path.of(entry);
    if (Files.exists(p) || p.isAbsolute()) {
      Optional<String> rel = inside(model, p);
      if (rel.isPresent() || p.isAbsolute()) return rel;
    }
    return Optional.of(entry);
  }

  private static Path real(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.exists(abs)) return abs.toRealPath();
    Path parent = abs.getParent();
    return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
  }
}
