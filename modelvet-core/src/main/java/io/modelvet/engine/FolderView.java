package io.modelvet.engine;

import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.util.List;

/**
 * The folder a top-level file sits in, as far as formats that refer to neighbouring files need it
 * (a Hugging Face {@code auto_map} naming Python modules, a TensorFlow checkpoint index naming its
 * shards). A folder on disk and a remote repository listing look the same to scanners. Paths are
 * relative to this folder with {@code /} separators; a path that leaves the folder ({@code ..},
 * absolute, a link pointing outside) is reported absent.
 */
public interface FolderView {

  /** Size of the regular file at {@code relative}, or -1 when there is none inside this folder. */
  long size(String relative) throws IOException;

  /** Opens the regular file at {@code relative}; fails when {@link #size} says it is absent. */
  ByteSource open(String relative) throws IOException;

  /** Names of the regular files directly in this folder, sorted, at most {@code max}. */
  List<String> files(int max) throws IOException;

  /** Where this folder is, without a trailing slash; also how files in it are told apart. */
  String describe();

  /** The folder holding this one, or null at the top of what is visible. */
  default FolderView parent() {
    return null;
  }

  /** A key that changes whenever the folder's content may have changed (for caches). */
  default String cacheKey() throws IOException {
    return describe();
  }

  /** True for a relative path that stays inside the folder it is resolved against. */
  static boolean staysInside(String relative) {
    if (relative == null || relative.isEmpty()) return false;
    String r = relative.replace('\\', '/');
    if (r.startsWith("/") || r.matches("^[A-Za-z]:.*") || r.contains("://")) return false;
    for (String part : r.split("/")) if (part.equals("..")) return false;
    return true;
  }
}
