package io.modelvet;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.ScanReport;
import java.io.IOException;
import io.modelvet.remote.RemoteFilter;
import io.modelvet.remote.RemoteScan;
import io.modelvet.remote.RemoteSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Library entry point.
 *
 * <pre>{@code
 * ScanReport report = ModelVet.scanner().scan(Path.of("model.pt"));
 * if (report.exitCode(Severity.MEDIUM) != 0) { ... }
 * }</pre>
 */
public final class ModelVet {
  private final ScanEngine engine;

  private ModelVet(ScanOptions options) {
    this.engine = new ScanEngine(options);
  }

  /** A scanner with default options (default-deny pickle policy, default budgets, all cores). */
  public static ModelVet scanner() {
    return new ModelVet(ScanOptions.defaults());
  }

  public static ModelVet scanner(ScanOptions options) {
    return new ModelVet(options);
  }

  public ScanReport scan(Path... paths) throws IOException {
    return engine.scan(List.of(paths), null);
  }

  public ScanReport scan(List<Path> paths) throws IOException {
    return engine.scan(paths, null);
  }

  /**
   * Scans local and remote sources: {@code file:} URIs, hub repositories ({@code hf://ORG/NAME[@REV]},
   * {@code https://huggingface.co/ORG/NAME[/tree/REV]}), repository files ({@code .../resolve/REV/FILE})
   * and http(s) file URLs, with {@link RemoteSettings#defaults()} ({@code HF_ENDPOINT}, {@code HF_TOKEN}).
   */
  public ScanReport scan(URI... sources) throws IOException {
    return scan(RemoteSettings.defaults(), RemoteFilter.all(), List.of(sources));
  }

  /** As {@link #scan(URI...)} with explicit remote settings and repository file filter. */
  public ScanReport scan(RemoteSettings settings, RemoteFilter filter, List<URI> sources) throws IOException {
    List<Path> local = new ArrayList<>();
    List<String> remote = new ArrayList<>();
    for (URI u : sources) {
      if ("file".equalsIgnoreCase(u.getScheme())) local.add(Path.of(u));
      else remote.add(u.toString());
    }
    ScanReport report = engine.scan(local, null);
    if (remote.isEmpty()) return report;
    return report.plus(new RemoteScan(engine.options(), settings, filter).scan(remote, null));
  }

  public ScanEngine engine() {
    return engine;
  }
}
