package io.modelvet.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.ModelVet;
import io.modelvet.engine.Budgets;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.FileByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one set of helpers that run the real engine (default scanners, one thread) on a fixture
 * or on bytes built in the test, and look at the results: the top-level file and every nested
 * member ({@code outer!/member}).
 */
public final class Scans {
  private static final ScanEngine ENGINE = engine(Budgets.defaults());

  private Scans() {}

  public static ScanEngine engine(Budgets budgets) {
    return engine(ScanOptions.defaults().withBudgets(budgets));
  }

  public static ScanEngine engine(ScanOptions options) {
    return new ScanEngine(ScannerRegistry.defaults(), options.withThreads(1));
  }

  /** Scans a file through the public entry point and returns its top-level result. */
  public static FileResult file(Path p) {
    return paths(p).get(0);
  }

  /** Scans files or folders through the public entry point; returns every file and member result. */
  public static List<FileResult> paths(Path... paths) {
    try {
      return ModelVet.scanner(ScanOptions.defaults().withThreads(1)).scan(paths).files();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Scans a file; returns its result followed by the results of its members. */
  public static List<FileResult> members(Path p) {
    try (FileByteSource src = new FileByteSource(p)) {
      return ENGINE.scan(p.getFileName().toString(), src);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Scans files or folders through the public entry point; returns every result, members included. */
  public static List<FileResult> all(Path... paths) {
    return paths(paths);
  }

  /** Scans in-memory bytes; returns the top-level result. */
  public static FileResult bytes(String name, byte[] data) {
    return members(name, data).get(0);
  }

  /** Scans in-memory bytes; returns the top-level result followed by its members' results. */
  public static List<FileResult> members(String name, byte[] data) {
    return ENGINE.scan(name, new ArrayByteSource(data));
  }

  public static List<FileResult> members(Budgets budgets, String name, byte[] data) {
    return engine(budgets).scan(name, new ArrayByteSource(data));
  }

  public static List<FileResult> members(ScanOptions options, String name, byte[] data) {
    return engine(options).scan(name, new ArrayByteSource(data));
  }

  /** A fixture under {@code src/test/resources/fixtures/}, e.g. {@code containers/model.7z}. */
  public static Path fixture(String rel) {
    try {
      return Path.of(Scans.class.getResource("/fixtures/" + rel).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("fixture missing: " + rel, e);
    }
  }

  /** The bytes of a fixture under {@code src/test/resources/fixtures/}. */
  public static byte[] resource(String rel) {
    try (InputStream in = Scans.class.getResourceAsStream("/fixtures/" + rel)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + rel);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FileResult result(List<FileResult> rs, String path) {
    return rs.stream().filter(r -> r.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no result " + path + " in\n" + describe(rs)));
  }

  public static Optional<Finding> finding(FileResult r, String ruleId) {
    return r.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }

  public static List<String> ruleIds(FileResult r) {
    return r.findings().stream().map(Finding::ruleId).toList();
  }

  public static List<Finding> findings(List<FileResult> rs) {
    return rs.stream().flatMap(r -> r.findings().stream()).toList();
  }

  /** Worst severity or INFO when there are no findings. */
  public static Severity worst(FileResult r) {
    Severity w = r.worst();
    return w == null ? Severity.INFO : w;
  }

  /** The worst severity over a result and its members, or null when nothing was found. */
  public static Severity worst(List<FileResult> rs) {
    Severity w = null;
    for (FileResult r : rs) w = Severity.max(w, r.worst());
    return w;
  }

  /**
   * Asserts that the result at {@code path} carries {@code ruleId} at exactly {@code severity}
   * (the rule id and the severity are the promise; a demoted or renamed finding fails).
   */
  public static Finding assertFinding(List<FileResult> rs, String path, String ruleId, Severity severity) {
    FileResult r = result(rs, path);
    Finding f = finding(r, ruleId).orElseThrow(() -> new AssertionError("no " + ruleId + " on " + path + " in\n" + describe(rs)));
    assertThat(f.severity()).as(ruleId + " on " + path + "\n" + describe(rs)).isEqualTo(severity);
    return f;
  }

  /** A pickle that calls a denied function, at {@code path}: {@code pickle.denied-callable} CRITICAL. */
  public static Finding assertDeniedCall(List<FileResult> rs, String path) {
    return assertFinding(rs, path, Payloads.DENIED_RULE, Payloads.DENIED_SEVERITY);
  }

  /** One block per result (path, format, verdict, findings), for assertion messages. */
  public static String describe(List<FileResult> rs) {
    StringBuilder b = new StringBuilder();
    for (FileResult r : rs) {
      b.append(r.path()).append(" [").append(r.format()).append("] ").append(r.verdict());
      if (r.inconclusiveReason() != null) b.append(" (").append(r.inconclusiveReason()).append(")");
      b.append('\n');
      for (Finding f : r.findings())
        b.append("  ").append(f.severity()).append(' ').append(f.ruleId()).append(": ").append(f.message()).append(" | ").append(f.evidence()).append('\n');
    }
    return b.toString();
  }
}
