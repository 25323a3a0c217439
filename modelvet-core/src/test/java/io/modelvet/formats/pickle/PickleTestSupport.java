package io.modelvet.formats.pickle;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Scanning helpers shared by the pickle tests. */
final class PickleTestSupport {
  private PickleTestSupport() {}

  static List<FileResult> scan(String name, byte[] bytes) {
    return scan(name, bytes, ScanOptions.defaults().withThreads(1));
  }

  static List<FileResult> scan(String name, byte[] bytes, ScanOptions options) {
    return new ScanEngine(ScannerRegistry.defaults(), options).scan(name, new ArrayByteSource(bytes));
  }

  static byte[] resource(String path) {
    try (InputStream in = PickleTestSupport.class.getResourceAsStream("/fixtures/pickle/" + path)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The worst severity over a result and its nested members. */
  static Severity worst(List<FileResult> results) {
    Severity w = null;
    for (FileResult r : results) w = Severity.max(w, r.worst());
    return w;
  }

  static List<Finding> findings(List<FileResult> results) {
    return results.stream().flatMap(r -> r.findings().stream()).collect(Collectors.toList());
  }

  static String describe(List<FileResult> results) {
    StringBuilder b = new StringBuilder();
    for (FileResult r : results) {
      b.append(r.path()).append(" [").append(r.format()).append("] ").append(r.verdict());
      if (r.inconclusiveReason() != null) b.append(" (").append(r.inconclusiveReason()).append(")");
      b.append('\n');
      for (Finding f : r.findings())
        b.append("  ").append(f.severity()).append(' ').append(f.ruleId()).append(": ").append(f.message()).append(" | ").append(f.evidence()).append('\n');
    }
    return b.toString();
  }
}
