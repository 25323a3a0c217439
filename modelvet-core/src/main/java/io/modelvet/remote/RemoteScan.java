package io.modelvet.remote;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scans remote sources: hub repositories (every listed file, or those the filter accepts), single
 * repository files and plain http(s) file URLs. Each file goes through the engine's normal
 * dispatch, reading through an {@link HttpRangeByteSource}, with its repository folder as the
 * {@link io.modelvet.engine.FolderView} so that folder-level checks work as on disk. Reports name
 * repository files {@code hf://ORG/NAME@<commit>/path} and carry the bytes fetched per file.
 *
 * <p>Errors that make the request meaningless (repository or file refused or missing: 401, 403,
 * 404) are thrown as {@link RemoteAccessException}; a listed file that cannot be fetched completely
 * is reported inconclusive.
 */
public final class RemoteScan {
  private final ScanEngine engine;
  private final RemoteSettings settings;
  private final HttpTransport http;
  private final HubClient hub;
  private final RemoteFilter filter;

  /**
   * @param options scan options; files are scanned on at least {@code maxConnections} threads,
   *     since remote scans wait on the network more than on the CPU
   */
  public RemoteScan(ScanOptions options, RemoteSettings settings, RemoteFilter filter) {
    this.engine = new ScanEngine(options.withThreads(Math.max(options.threads(), settings.maxConnections())));
    this.settings = settings;
    this.http = new HttpTransport(settings);
    this.hub = new HubClient(http);
    this.filter = filter;
  }

  /** Scans remote sources (see {@link RemoteLocation}); {@code progress} may be null. */
  public ScanReport scan(List<String> locations, Consumer<FileResult> progress) throws IOException {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    List<String> roots = new ArrayList<>();
    List<ScanEngine.Task> tasks = new ArrayList<>();
    for (String arg : locations) roots.add(plan(arg, tasks));
    List<FileResult> results = engine.run(tasks, progress);
    return new ScanReport(ScanEngine.version(), start, (System.nanoTime() - t0) / 1_000_000, roots, results);
  }

  /** Adds the files {@code arg} names to {@code tasks}; returns the root name for the report. */
  private String plan(String arg, List<ScanEngine.Task> tasks) throws IOException {
    RemoteLocation loc = RemoteLocation.parse(arg, settings.endpoint());
    if (loc.kind() == RemoteLocation.Kind.URL) {
      String display = HttpTransport.redacted(loc.url());
      Traffic traffic = new Traffic(settings.maxBytesPerFile());
      HttpRangeByteSource src = openOrFail(() -> HttpRangeByteSource.open(http, loc.url(), -1, display, traffic), display);
      tasks.add(new RemoteFileTask(display, "", src, null, null, traffic));
      return display;
    }
    RemoteRepo repo = new RemoteRepo(hub, http, hub.snapshot(loc.repoId(), loc.revision()));
    HubClient.Snapshot snap = repo.snapshot();
    if (loc.kind() == RemoteLocation.Kind.REPO_FILE) {
      if (!repo.files().containsKey(loc.path()))
        throw new RemoteAccessException(404, snap.display(loc.path()) + ": not found (the repository has no such file at this revision)");
      Traffic traffic = new Traffic(settings.maxBytesPerFile());
      HttpRangeByteSource src = openOrFail(() -> repo.open(loc.path(), traffic), snap.display(loc.path()));
      tasks.add(new RemoteFileTask(snap.display(loc.path()), snap.prefix(), src, repo, loc.path(), traffic));
      return snap.display(loc.path());
    }
    String under = loc.path() == null ? "" : loc.path().replaceAll("/+$", "") + "/";
    int before = tasks.size();
    for (HubClient.RepoFile f : snap.files()) {
      if (!f.path().startsWith(under) || !filter.accepts(f.path())) continue;
      tasks.add(new RemoteFileTask(snap.display(f.path()), snap.prefix(), null, repo, f.path(), null));
    }
    if (tasks.size() == before) // nothing scanned is never a pass
      throw new RemoteAccessException(0, snap.display(under).replaceAll("/$", "") + ": " + (snap.files().isEmpty() ? "the repository lists no files" : "no file of the repository matches" + (under.isEmpty() ? "" : " this folder and") + " --include/--exclude"));
    return snap.display(under).replaceAll("/$", "");
  }

  private interface Opener {
    HttpRangeByteSource open() throws IOException;
  }

  /** Opens a file the user named; any failure is an error naming it, not a scan result. */
  private static HttpRangeByteSource openOrFail(Opener opener, String display) throws IOException {
    try {
      return opener.open();
    } catch (RemoteAccessException e) {
      throw e;
    } catch (IOException e) {
      throw new RemoteAccessException(0, display + ": " + e.getMessage());
    }
  }

  /** One remote file: opened lazily on a worker (repository files) or already opened (single files). */
  private final class RemoteFileTask implements ScanEngine.Task {
    private final String display;
    private final String rootPrefix;
    private HttpRangeByteSource opened;
    private final RemoteRepo repo;
    private final String path;
    private final Traffic traffic;

    RemoteFileTask(String display, String rootPrefix, HttpRangeByteSource opened, RemoteRepo repo, String path, Traffic traffic) {
      this.display = display;
      this.rootPrefix = rootPrefix;
      this.opened = opened;
      this.repo = repo;
      this.path = path;
      this.traffic = traffic != null ? traffic : new Traffic(settings.maxBytesPerFile());
    }

    @Override
    public String display() {
      return display;
    }

    @Override
    public List<FileResult> scan(ScanEngine e) {
      List<FileResult> results;
      try (HttpRangeByteSource src = opened != null ? opened : repo.open(path, traffic)) {
        opened = null;
        results = new ArrayList<>(e.scan(display, src, repo == null ? null : repo.folderOf(path, traffic), rootPrefix));
      } catch (IOException ex) {
        results = new ArrayList<>(List.of(e.unreadable(display, "could not be fetched: " + ex.getMessage())));
      }
      FileResult first = results.get(0).withBytesFetched(traffic.bytes());
      if (traffic.failure() != null) first = first.withInconclusive("could not be fetched completely: " + traffic.failure());
      results.set(0, first);
      return results;
    }
  }

  /** The hub endpoint these scans resolve {@code hf://} names against. */
  public URI endpoint() {
    return settings.endpoint();
  }
}
