package io.modelvet.formats.keras;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Shared helpers for the Keras and Hugging Face tests: fixture paths and engine runs. */
public final class KerasFixtures {
  private KerasFixtures() {}

  /** A fixture under {@code src/test/resources/fixtures/kerashf/}. */
  public static Path fixture(String relative) {
    try {
      return Path.of(KerasFixtures.class.getResource("/fixtures/kerashf/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + relative, e);
    }
  }

  /** Scans files or folders with the default scanners on one thread. */
  public static List<FileResult> scan(Path... paths) throws IOException {
    return Scans.paths(paths);
  }

  /** Scans one file and returns its (top-level) result. */
  public static FileResult scanOne(Path path) throws IOException {
    return scan(path).get(0);
  }

  /** Scans bytes as if they were an archive member or upload named {@code name}. */
  public static List<FileResult> scanBytes(String name, byte[] bytes) {
    return Scans.members(name, bytes);
  }

  public static byte[] read(String relative) throws IOException {
    return Files.readAllBytes(fixture(relative));
  }

  /** The most severe finding of a rule, if any. */
  public static Optional<Finding> first(FileResult r, String ruleId) {
    return r.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }

  /** True when nothing at MEDIUM or above was reported. */
  public static boolean quiet(FileResult r) {
    return r.findings().stream().noneMatch(f -> f.severity().atLeast(Severity.MEDIUM));
  }
}
