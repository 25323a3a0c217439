package io.modelvet.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Which files under the scanned paths are scanned.
 *
 * @param include globs (see {@link io.modelvet.config.PathGlob}) on the path relative to the scanned
 *     folder; when not empty, only files matching one of them are scanned
 * @param exclude globs for files and folders never scanned (a matching folder is not entered)
 * @param skip files that are part of the scan setup rather than the scanned content (the
 *     configuration file in use); compared by real path
 */
public record FileSelection(List<String> include, List<String> exclude, Set<Path> skip) {

  public FileSelection {
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    skip = skip == null ? Set.of() : Set.copyOf(skip);
  }

  /** Every file (version-control folders aside). */
  public static FileSelection all() {
    return new FileSelection(List.of(), List.of(), Set.of());
  }
}
