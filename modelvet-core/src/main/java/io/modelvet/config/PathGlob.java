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
    String g = glob.replace('\\', '/');
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

  public boolean matches(String path) {
    String p = path.replace('\\', '/').replace("!/", "/");
    while (p.startsWith("./")) p = p.substring(2);
    return pattern.matcher(p).matches() || pattern.matcher("/" + p).matches();
  }
}
