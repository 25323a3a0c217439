package io.modelvet;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.report.ScanReport;
import java.io.IOException;
import java.nio.file.Path;
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
    this.engine = new ScanEngine(ScannerRegistry.defaults(), options);
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

  public ScanEngine engine() {
    return engine;
  }
}
