package io.modelvet.remote;

import io.modelvet.config.PathGlob;
import java.util.List;

/**
 * {@code --include}/{@code --exclude} globs on paths inside a repository ({@code *} within a
 * segment, {@code **} across segments, a glob without {@code /} matches the file name anywhere):
 * a file is scanned when it matches some include (or there are none) and no exclude.
 */
public final class RemoteFilter {
  private static final RemoteFilter ALL = new RemoteFilter(List.of(), List.of());
  private final List<PathGlob> include;
  private final List<PathGlob> exclude;

  public RemoteFilter(List<String> include, List<String> exclude) {
    this.include = include == null ? List.of() : include.stream().map(PathGlob::new).toList();
    this.exclude = exclude == null ? List.of() : exclude.stream().map(PathGlob::new).toList();
  }

  public static RemoteFilter all() {
    return ALL;
  }

  public boolean accepts(String path) {
    if (!include.isEmpty() && include.stream().noneMatch(g -> g.matches(path))) return false;
    return exclude.stream().noneMatch(g -> g.matches(path));
  }
}
