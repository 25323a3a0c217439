package io.modelvet.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** File-tree helpers for tests that need a writable copy of a fixture folder. */
public final class Trees {
  private Trees() {}

  /** Copies the folder {@code from} into {@code to} (created), keeping file attributes. */
  public static void copy(Path from, Path to) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(from)) {
      all = s.toList();
    }
    for (Path p : all) {
      Path t = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) Files.createDirectories(t);
      else Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
