package io.modelvet.integrity.hashing;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the files of a model the way the OpenSSF model-signing format does: every regular file
 * below the model root, minus ignored paths, in {@link PathOrder}. Folders are not recorded.
 * Symbolic links are an error unless the config allows them, in which case they are followed
 * (loops are an error).
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** The files of {@code model} (a folder, or a single file whose name is {@code .}). */
  public static List<ModelFile> list(Path model, HashingConfig config) throws IOException {
    if (Files.isSymbolicLink(model) && !config.allowSymlinks())
      throw new IOException("the model path is a symbolic link: " + model + " (use --allow-symlinks to follow links)");
    if (!Files.exists(model)) throw new NoSuchFileException(model.toString());
    if (!Files.isDirectory(model)) {
      if (!Files.isRegularFile(model)) throw new IOException("not a regular file: " + model);
      return List.of(new ModelFile(".", model, Files.size(model)));
    }
    List<ModelFile> files = new ArrayList<>();
    Set<FileVisitOption> options =
        config.allowSymlinks() ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(
        model,
        options,
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(model)) return FileVisitResult.CONTINUE;
            String rel = relative(model, dir);
            if (config.isIgnored(rel)) return FileVisitResult.SKIP_SUBTREE;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String rel = relative(model, file);
            if (rel.indexOf('\uFFFD') >= 0)
              throw new IOException(
                  "a file name cannot be decoded with the file-name encoding " + System.getProperty("sun.jnu.encoding")
                      + " (" + rel + "); run with a UTF-8 locale, e.g. LANG=C.UTF-8");
            if (config.isIgnored(rel)) return FileVisitResult.CONTINUE;
            if (attrs.isSymbolicLink())
              throw new IOException("symbolic link in the model: " + rel + " (use --allow-symlinks to follow links)");
            if (!attrs.isRegularFile()) throw new IOException("not a regular file: " + rel);
            files.add(new ModelFile(rel, file, attrs.size()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException)
              throw new IOException("symbolic link loop in the model at " + relative(model, file), e);
            throw e;
          }
        });
    files.sort((a, b) -> PathOrder.INSTANCE.compare(a.name(), b.name()));
    return files;
  }

  /** {@code file} relative to {@code root} with {@code /} separators. */
  public static String relative(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) sb.append('/');
      sb.append(part.toString());
    }
    return sb.toString();
  }
}
