package io.modelvet.formats.common;

import java.util.List;

/**
 * A reviewed list of dotted names with a verdict each ({@code name<TAB>verdict<TAB>reason}): an
 * entry ending in '.' covers every name under it, other entries match exactly, and the longest
 * matching entry decides (so {@code torch.nn.} can be allowed while {@code torch.load} is denied).
 */
public final class NameRules {
  /** One entry of the list. */
  public record Entry(String name, String verdict, String reason) {}

  private final List<Entry> entries;

  private NameRules(List<Entry> entries) {
    this.entries = entries;
  }

  /** Loads a three-column reviewed data file from the classpath. */
  public static NameRules load(String resource) {
    return new NameRules(ReviewedData.load(resource, 3).stream().map(r -> new Entry(r[0], r[1], r[2])).toList());
  }

  /** The deciding entry for {@code name}, or null when none matches. */
  public Entry match(String name) {
    Entry best = null;
    for (Entry e : entries) {
      boolean hit = e.name().endsWith(".") ? name.startsWith(e.name()) : name.equals(e.name());
      if (hit && (best == null || e.name().length() > best.name().length())) best = e;
    }
    return best;
  }

  /** True when a relative path from a descriptor leaves its folder: absolute, a drive, a URI or a '..' step. */
  public static boolean leavesFolder(String path) {
    String f = path.replace('\\', '/');
    return f.startsWith("/") || f.matches("^[A-Za-z]:.*") || f.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || List.of(f.split("/")).contains("..");
  }
}
