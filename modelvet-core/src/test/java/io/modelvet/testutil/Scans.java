package io.modelvet.testutil;

import io.modelvet.ModelVet;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Small helpers to run the real engine on a fixture and look at the result. */
public final class Scans {
  private static final ScanEngine ENGINE = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1));

  private Scans() {}

  /** Scans a file through the public entry point and returns its top-level result. */
  public static FileResult file(Path p) {
    try {
      return ModelVet.scanner(ScanOptions.defaults().withThreads(1)).scan(p).files().get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Scans files or folders through the public entry point; returns every result, members included. */
  public static List<FileResult> all(Path... paths) {
    try {
      return ModelVet.scanner(ScanOptions.defaults().withThreads(1)).scan(paths).files();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture under {@code src/test/resources/fixtures/}. */
  public static Path fixture(String relative) {
    try {
      return Path.of(Scans.class.getResource("/fixtures/" + relative).toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + relative, e);
    }
  }

  /** Every finding of every result, members included. */
  public static List<Finding> findings(List<FileResult> results) {
    return results.stream().flatMap(r -> r.findings().stream()).toList();
  }

  /** Scans in-memory bytes; returns the top-level result. */
  public static FileResult bytes(String name, byte[] data) {
    return ENGINE.scan(name, new ArrayByteSource(data)).get(0);
  }

  public static List<String> ruleIds(FileResult r) {
    return r.findings().stream().map(Finding::ruleId).toList();
  }

  /** Worst severity or INFO when there are no findings. */
  public static Severity worst(FileResult r) {
    Severity w = r.worst();
    return w == null ? Severity.INFO : w;
  }
}
