package io.modelvet.formats.archive;

import io.modelvet.engine.ScanContext;
import io.modelvet.report.Severity;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the names and link targets of archive members for what would escape or confuse an
 * extraction: parent-folder segments, absolute paths, drive letters, backslashes, control
 * characters and names listed twice. One instance per archive (it remembers names seen).
 */
public final class MemberNames {
  private final ScanContext ctx;
  private final Set<String> seen = new HashSet<>();

  public MemberNames(ScanContext ctx) {
    this.ctx = ctx;
  }

  /** Checks one member name; {@code offset} locates the entry in the archive (or -1). */
  public void check(String name, long offset) {
    String escape = escapeReason(name);
    if (escape != null) {
      ctx.report("archive.path-traversal", offset,
          "Member '" + printable(name) + "' " + escape + "; extracting the archive would write outside the target folder (zip/tar slip).",
          printable(name));
    } else if (name.indexOf('\\') >= 0) {
      ctx.report("archive.suspicious-name", Severity.MEDIUM, offset,
          "Member '" + printable(name) + "' contains a backslash, which Windows tools treat as a folder separator; the name may resolve differently on extraction.",
          printable(name));
    }
    if (hasControl(name)) {
      ctx.report("archive.suspicious-name", offset,
          "Member name contains NUL or control characters; tools disagree on where such a name ends, which hides files from some of them.",
          printable(name));
    }
    String key = normalise(name);
    if (!key.isEmpty() && !seen.add(key)) {
      ctx.report("archive.duplicate-name", offset,
          "Member '" + printable(name) + "' appears more than once; different tools pick different copies, so a scanner and a loader can see different content.",
          printable(name));
    }
  }

  /** Why a path would leave the extraction folder, or null when it stays inside. */
  public static String escapeReason(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/")) return "is an absolute path";
    if (n.length() >= 2 && Character.isLetter(n.charAt(0)) && n.charAt(1) == ':') return "starts with a drive letter";
    for (String part : n.split("/")) if (part.equals("..")) return "climbs out of the archive with '..'";
    return null;
  }

  /** True when a link at {@code linkName} pointing to {@code target} resolves outside the archive root. */
  public static boolean linkEscapes(String linkName, String target) {
    String t = target.replace('\\', '/');
    if (escapeReason(t) != null && (t.startsWith("/") || (t.length() >= 2 && t.charAt(1) == ':'))) return true;
    String parent = linkName.replace('\\', '/');
    int slash = parent.lastIndexOf('/');
    int depth = 0;
    if (slash > 0) for (String p : parent.substring(0, slash).split("/")) if (!p.isEmpty() && !p.equals(".")) depth++;
    for (String part : t.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      depth += part.equals("..") ? -1 : 1;
      if (depth < 0) return true;
    }
    return false;
  }

  static String normalise(String name) {
    String n = name.replace('\\', '/');
    while (n.startsWith("./")) n = n.substring(2);
    while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
    return n; // case kept: zip and tar loaders are case-sensitive
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) return true;
    return false;
  }

  /** The name with control characters escaped and its length capped, for messages. */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 300; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
      else b.append(c);
    }
    return s.length() > 300 ? b + "..." : b.toString();
  }
}
