package io.modelvet.config;

import java.util.regex.Pattern;

/**
 * Glob matching on report paths ({@code /}-separated, archive members after {@code !/}): {@code *}
 * stays within a path segment, {@code **} crosses segments, {@code ?} is one character. A glob
 * without a slash matches the base name anywhere.
 */
public final class PathGlob {
  private final Pattern pattern;

  public PathGlob(String glob) {
    String g = glob.replace('\\', '/').replace("!/", "/");
    if (!g.contains("/")) g = "**/" + g;
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    pattern = Pattern.compile(re.toString());
  }

  /**
   * True when the glob matches the path or a container it lies in: for {@code
   * scripted.pt!/scripted/data.pkl} also {@code scripted.pt} (so a glob for the outer file covers
   * its members).
   */
  public boolean matchesOrContains(String path) {
    if (matches(path)) return true;
    for (int bang = path.lastIndexOf("!/"); bang > 0; bang = path.lastIndexOf("!/", bang - 1))
      if (matches(path.substring(0, bang))) return true;
    return false;
  }

  public boolean matches(String path) {
    String p = path.replace('\\', '/').replace("!/", "/");
    while (p.startsWith("./")) p = p.substring(2);
    return pattern.matcher(p).matches() || pattern.matcher("/" + p).matches();
  }
}
