package io.modelvet.remote;

import io.modelvet.engine.FolderView;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The folder of a repository file, seen through the repository listing: neighbours exist when the
 * listing names them, and are fetched (range reads, charged to the scanned file's traffic) only
 * when a scanner opens them.
 */
final class RemoteFolder implements FolderView {
  private final RemoteRepo repo;
  private final String dir;
  private final Traffic traffic;

  /** @param dir the folder inside the repository, {@code ""} or ending with {@code /} */
  RemoteFolder(RemoteRepo repo, String dir, Traffic traffic) {
    this.repo = repo;
    this.dir = dir;
    this.traffic = traffic;
  }

  private String full(String relative) {
    if (!FolderView.staysInside(relative)) return null;
    StringBuilder sb = new StringBuilder(dir);
    for (String part : relative.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') sb.append('/');
      sb.append(part);
    }
    String p = sb.toString();
    return repo.files().containsKey(p) ? p : null;
  }

  @Override
  public long size(String relative) throws IOException {
    String p = full(relative);
    if (p == null) return -1;
    long size = repo.files().get(p).size();
    if (size >= 0) return size;
    try (ByteSource src = open(relative)) {
      return src.size();
    }
  }

  @Override
  public ByteSource open(String relative) throws IOException {
    String p = full(relative);
    if (p == null) throw new IOException("no file " + relative + " in " + describe());
    return repo.open(p, traffic);
  }

  @Override
  public List<String> files(int max) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, HubClient.RepoFile> e : repo.files().tailMap(dir).entrySet()) {
      if (!e.getKey().startsWith(dir)) break;
      String p = e.getKey();
      if (out.size() >= max) break;
      if (p.startsWith(dir) && p.indexOf('/', dir.length()) < 0) out.add(p.substring(dir.length()));
    }
    return out;
  }

  @Override
  public String describe() {
    String d = repo.snapshot().display(dir);
    return d.endsWith("/") ? d.substring(0, d.length() - 1) : d;
  }

  @Override
  public FolderView parent() {
    if (dir.isEmpty()) return null;
    String up = dir.substring(0, dir.length() - 1);
    int slash = up.lastIndexOf('/');
    return new RemoteFolder(repo, slash < 0 ? "" : up.substring(0, slash + 1), traffic);
  }
}
