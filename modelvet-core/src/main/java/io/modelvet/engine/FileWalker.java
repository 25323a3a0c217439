package io.modelvet.engine;

import io.modelvet.config.PathGlob;
import io.modelvet.io.IoErrors;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The walk step: turns the paths a user gave into the files to scan, and into inconclusive
 * entries for what could not be walked. Paths are normalised once, here ({@code ./x}, {@code
 * a/../b}); a symbolic link given as a path is followed, and so are links inside folders (to files
 * and to folders), with loops detected; a file reached through a link records where it really is.
 * Version-control folders are skipped; include/exclude globs and {@link FileSelection#skip} apply.
 * Nothing is skipped silently: an unreadable folder, a broken link, a loop or a special file
 * becomes a {@link Problem} that the engine reports as inconclusive.
 */
final class FileWalker {
  /** Folders that hold version-control metadata, not model content. */
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn");

  private final List<PathGlob> include = new ArrayList<>();
  private final List<PathGlob> exclude = new ArrayList<>();
  private final Set<Path> skip = new HashSet<>();
  private final Set<String> skipNames = new HashSet<>();

  FileWalker(FileSelection selection) {
    selection.include().forEach(g -> include.add(new PathGlob(g)));
    selection.exclude().forEach(g -> exclude.add(new PathGlob(g)));
    for (Path p : selection.skip()) {
      skip.add(realOrAbsolute(p));
      if (p.getFileName() != null) skipNames.add(p.getFileName().toString());
    }
  }

  /** A file to scan: where it is, its report path, and the prefix that makes report paths relative. */
  record Entry(Path file, String display, String rootPrefix, String linkTarget) {}

  /** Something that could not be walked, reported as inconclusive. */
  record Problem(String display, String kind, String reason, String linkTarget) {}

  record Walk(List<Entry> files, List<Problem> problems) {}

  /**
   * Walks every root.
   *
   * @throws NoSuchFileException when a root does not exist (or is a broken link), naming it
   */
  Walk walk(List<Path> roots) throws IOException {
    List<Entry> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path root : roots) walkRoot(root, files, problems);
    return new Walk(files, problems);
  }

  /** The user's path in report form: normalised, {@code /}-separated, {@code .} for the current folder. */
  static String shown(Path given) {
    String s = given.normalize().toString().replace('\\', '/');
    return s.isEmpty() ? "." : s;
  }

  private void walkRoot(Path given, List<Entry> files, List<Problem> problems) throws IOException {
    String shown = shown(given);
    Path abs = given.toAbsolutePath().normalize();
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(shown, null, "no such file or folder");
    if (!Files.exists(abs)) throw new NoSuchFileException(shown, null, "broken symbolic link to " + linkText(abs) + ", which does not exist");
    if (!Files.isDirectory(abs)) {
      String name = abs.getFileName() == null ? shown : abs.getFileName().toString();
      if (!selected(shown, name) || skipped(abs)) return;
      Path parent = given.normalize().getParent();
      String prefix = parent == null ? "" : shown(parent) + "/";
      if (!Files.isRegularFile(abs)) problems.add(new Problem(shown, "special", "not a regular file (a device, pipe or socket); not read", null));
      else files.add(new Entry(abs, shown, prefix, Files.isSymbolicLink(abs) ? real(abs) : null));
      return;
    }
    String prefix = shown.endsWith("/") ? shown : shown + "/";
    List<Entry> found = new ArrayList<>();
    List<Problem> trouble = new ArrayList<>();
    Files.walkFileTree(abs, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Visitor(abs, prefix, found, trouble));
    found.sort(Comparator.comparing(Entry::display));
    trouble.sort(Comparator.comparing(Problem::display));
    files.addAll(found);
    problems.addAll(trouble);
  }

  /** Visits one folder tree, following links; keeps per folder whether it was reached through a link. */
  private final class Visitor extends SimpleFileVisitor<Path> {
    private final Path root;
    private final String prefix;
    private final List<Entry> files;
    private final List<Problem> problems;
    private final Deque<Boolean> viaLink = new ArrayDeque<>();

    Visitor(Path root, String prefix, List<Entry> files, List<Problem> problems) {
      this.root = root;
      this.prefix = prefix;
      this.files = files;
      this.problems = problems;
    }

    private String rel(Path p) {
      return root.relativize(p).toString().replace('\\', '/');
    }

    private boolean linked(Path p) {
      return (!viaLink.isEmpty() && viaLink.peek()) || Files.isSymbolicLink(p);
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (!dir.equals(root)) {
        String rel = rel(dir);
        if (SKIPPED_DIRS.contains(dir.getFileName().toString()) || excluded(rel)) return FileVisitResult.SKIP_SUBTREE;
      }
      viaLink.push(linked(dir));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      viaLink.pop();
      if (e != null) problems.add(new Problem(prefix + rel(dir), "folder", "folder could not be listed completely (" + IoErrors.describe(e) + "); some of its files were not scanned", null));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      String rel = rel(file);
      String display = prefix + rel;
      if (attrs.isSymbolicLink()) { // following it failed: the target does not exist
        if (!excluded(rel)) problems.add(new Problem(display, "symlink", "broken symbolic link to " + linkText(file) + "; nothing to scan there", null));
        return FileVisitResult.CONTINUE;
      }
      if (!selected(rel, file.getFileName().toString()) || skipped(file)) return FileVisitResult.CONTINUE;
      boolean link = linked(file);
      if (!attrs.isRegularFile()) {
        problems.add(new Problem(display, "special", "not a regular file (a device, pipe or socket); not read", link ? real(file) : null));
        return FileVisitResult.CONTINUE;
      }
      files.add(new Entry(file, display, prefix, link ? real(file) : null));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      String rel = rel(file);
      if (excluded(rel)) return FileVisitResult.CONTINUE;
      String display = prefix + rel;
      if (e instanceof FileSystemLoopException) {
        problems.add(new Problem(display, "symlink", "symbolic link loop: it points to " + real(file) + ", a folder that contains it; not followed again", real(file)));
      } else if (Files.isDirectory(file)) {
        problems.add(new Problem(display, "folder", "folder could not be read (" + IoErrors.describe(e) + "); the files in it were not scanned", null));
      } else {
        problems.add(new Problem(display, "unknown", "cannot read: " + IoErrors.describe(e), null));
      }
      return FileVisitResult.CONTINUE;
    }
  }

  private boolean excluded(String rel) {
    for (PathGlob g : exclude) if (g.matches(rel)) return true;
    return false;
  }

  /** Include globs (when any) and exclude globs, on the relative path and the file name. */
  private boolean selected(String rel, String name) {
    if (excluded(rel) || excluded(name)) return false;
    if (include.isEmpty()) return true;
    for (PathGlob g : include) if (g.matches(rel) || g.matches(name)) return true;
    return false;
  }

  private boolean skipped(Path file) {
    Path name = file.getFileName();
    return name != null && skipNames.contains(name.toString()) && skip.contains(realOrAbsolute(file));
  }

  private static Path realOrAbsolute(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static String real(Path p) {
    return realOrAbsolute(p).toString();
  }

  private static String linkText(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "a missing target";
    }
  }
}
