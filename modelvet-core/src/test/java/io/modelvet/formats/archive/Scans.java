package io.modelvet.formats.archive;

import io.modelvet.engine.Budgets;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.FileByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Test helpers: scan bytes or files with the default scanners and look results up by path. */
public final class Scans {
  private Scans() {}

  public static ScanEngine engine() {
    return engine(Budgets.defaults());
  }

  public static ScanEngine engine(Budgets budgets) {
    return new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1).withBudgets(budgets));
  }

  public static List<FileResult> bytes(String name, byte[] data) {
    return engine().scan(name, new ArrayByteSource(data));
  }

  public static List<FileResult> bytes(Budgets budgets, String name, byte[] data) {
    return engine(budgets).scan(name, new ArrayByteSource(data));
  }

  public static List<FileResult> file(Path p) {
    try (FileByteSource src = new FileByteSource(p)) {
      return engine().scan(p.getFileName().toString(), src);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture under {@code src/test/resources/fixtures/containers/}. */
  public static Path fixture(String name) {
    try {
      return Path.of(Scans.class.getResource("/fixtures/containers/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("fixture missing: " + name, e);
    }
  }

  public static FileResult result(List<FileResult> rs, String path) {
    return rs.stream().filter(r -> r.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no result " + path + " in " + rs.stream().map(FileResult::path).toList()));
  }

  public static Optional<Finding> finding(FileResult r, String ruleId) {
    return r.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }

  public static List<String> ruleIds(FileResult r) {
    return r.findings().stream().map(Finding::ruleId).toList();
  }

  /** One line per result, for assertion messages. */
  public static String describe(List<FileResult> rs) {
    StringBuilder b = new StringBuilder();
    for (FileResult r : rs)
      b.append(r.path()).append(" [").append(r.format()).append("] ").append(r.verdict())
          .append(r.inconclusiveReason() == null ? "" : " (" + r.inconclusiveReason() + ")")
          .append(' ').append(ruleIds(r)).append('\n');
    return b.toString();
  }
}
