package io.modelvet.remote;

import java.io.IOException;
import java.util.TreeMap;

/** A repository snapshot and how to open its files. */
final class RemoteRepo {
  private final HubClient hub;
  private final HttpTransport http;
  private final HubClient.Snapshot snapshot;
  private final TreeMap<String, HubClient.RepoFile> files = new TreeMap<>();

  RemoteRepo(HubClient hub, HttpTransport http, HubClient.Snapshot snapshot) {
    this.hub = hub;
    this.http = http;
    this.snapshot = snapshot;
    for (HubClient.RepoFile f : snapshot.files()) files.put(f.path(), f);
  }

  HubClient.Snapshot snapshot() {
    return snapshot;
  }

  TreeMap<String, HubClient.RepoFile> files() {
    return files;
  }

  HttpRangeByteSource open(String path, Traffic traffic) throws IOException {
    HubClient.RepoFile f = files.get(path);
    long size = f == null ? -1 : f.size();
    return HttpRangeByteSource.open(http, hub.resolve(snapshot.repoId(), snapshot.commit(), path), size, snapshot.display(path), traffic);
  }

  /** The folder holding {@code path}, as scanners see it. */
  RemoteFolder folderOf(String path, Traffic traffic) {
    int slash = path.lastIndexOf('/');
    return new RemoteFolder(this, slash < 0 ? "" : path.substring(0, slash + 1), traffic);
  }
}
