package io.modelvet.server.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server-side folders ({@code --allow-root}) that path submissions may name. A path is accepted
 * only if it is absolute, has no {@code ..} segment, and its real location (symbolic links
 * resolved) lies inside an allowed root; in a folder every symbolic link must stay inside too.
 * Only file-system metadata is consulted: no file content is read before the path is accepted.
 */
public final class AllowedRoots {
  private static final int MAX_ENTRIES = 100_000;
  private final List<Path> roots;

  public AllowedRoots(List<Path> roots) throws IOException {
    List<Path> real = new ArrayList<>();
    for (Path r : roots) real.add(r.toRealPath());
    this.roots = List.copyOf(real);
  }

  public List<Path> roots() {
    return roots;
  }

  /** The accepted real path, or throws {@link Refused} with a reason fit to show the caller. */
  public Path check(String requested) throws Refused {
    if (roots.isEmpty()) throw new Refused("server-side paths are disabled: start the server with --allow-root DIR");
    if (requested == null || requested.isBlank()) throw new Refused("\"path\" must be a non-empty string");
    if (requested.indexOf('\0') >= 0) throw new Refused("path contains a NUL character");
    Path p;
    try {
      p = Path.of(requested);
    } catch (RuntimeException e) {
      throw new Refused("not a valid path");
    }
    if (!p.isAbsolute()) throw new Refused("path must be absolute");
    for (Path part : p) if (part.toString().equals("..")) throw new Refused("path must not contain '..'");
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw new Refused("path is outside the allowed roots or does not exist");
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new Refused("path is outside the allowed roots or does not exist");
    }
    if (!inside(real)) throw new Refused("path is outside the allowed roots or does not exist");
    if (Files.isDirectory(real)) checkLinksInside(real);
    return real;
  }

  private void checkLinksInside(Path dir) throws Refused {
    try (Stream<Path> walk = Files.walk(dir)) {
      int[] n = {0};
      for (Path q : (Iterable<Path>) walk::iterator) {
        if (++n[0] > MAX_ENTRIES) throw new Refused("folder has more than " + MAX_ENTRIES + " entries");
        if (!Files.isSymbolicLink(q)) continue;
        Path target;
        try {
          target = q.toRealPath();
        } catch (IOException e) {
          continue; // a dangling link reads nothing; the scan reports it
        }
        if (!inside(target)) throw new Refused("folder contains a symbolic link that leaves the allowed roots");
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new Refused("folder cannot be listed");
    }
  }

  private boolean inside(Path real) {
    for (Path r : roots) if (real.startsWith(r)) return true;
    return false;
  }

  /** A refused path; the message is safe to return to the caller. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }
}
