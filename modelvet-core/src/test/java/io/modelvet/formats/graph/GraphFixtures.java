package io.modelvet.formats.graph;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Test helpers for the graph-format fixtures under {@code fixtures/graph/}. */
public final class GraphFixtures {
  private GraphFixtures() {}

  /** The fixture file or folder {@code fixtures/graph/<rel>} on the test classpath. */
  public static Path fixture(String rel) {
    URL url = GraphFixtures.class.getResource("/fixtures/graph/" + rel);
    if (url == null) throw new IllegalArgumentException("no fixture " + rel);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] bytes(String rel) throws IOException {
    return Files.readAllBytes(fixture(rel));
  }

  /** Scans a file or folder with the default scanners on one thread. */
  public static List<FileResult> scan(Path p) throws IOException {
    return Scans.paths(p);
  }

  /** Scans one fixture file and returns its own result (not its members'). */
  public static FileResult scanOne(String rel) throws IOException {
    Path p = fixture(rel);
    return scan(p).stream().filter(r -> r.path().equals(p.toString())).findFirst().orElseThrow();
  }

  /** Scans in-memory bytes under a display name (no file on disk). */
  public static List<FileResult> scanBytes(String name, byte[] data) {
    return Scans.members(name, data);
  }

  public static List<String> ruleIds(FileResult r) {
    return r.findings().stream().map(Finding::ruleId).toList();
  }

  public static Optional<Finding> first(FileResult r, String ruleId) {
    return r.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }

  /** True when no finding reaches {@code level}. */
  public static boolean nothingAtOrAbove(FileResult r, Severity level) {
    return r.findings().stream().noneMatch(f -> f.severity().atLeast(level));
  }
}
