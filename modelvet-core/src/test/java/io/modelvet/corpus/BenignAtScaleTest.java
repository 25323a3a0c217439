package io.modelvet.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.ModelVet;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans the benign-at-scale corpus written by {@code fixtures/generators/benign_at_scale.py}
 * (>= 5,000 files made by the real libraries) and asserts that no file is flagged at MEDIUM or
 * above and none is inconclusive. The folder is generated, never committed: it is found through the
 * system property {@code modelvet.benignAtScale}, the environment variable {@code
 * MODELVET_BENIGN_AT_SCALE}, or {@code target/benign-at-scale} at the repository root. Without it
 * (CI has no Python) the test is skipped with a message saying how to generate it.
 */
class BenignAtScaleTest {
  private static final int MIN_FILES = 5_000;
  private static ScanReport report;

  static Optional<Path> folder() {
    String configured = System.getProperty("modelvet.benignAtScale", System.getenv("MODELVET_BENIGN_AT_SCALE"));
    if (configured != null && !configured.isBlank()) return Optional.of(Path.of(configured)).filter(Files::isDirectory);
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("target").resolve("benign-at-scale");
      if (Files.isRegularFile(c.resolve("COMPLETE"))) return Optional.of(c);
    }
    return Optional.empty();
  }

  @BeforeAll
  static void scan() throws IOException {
    Optional<Path> dir = folder();
    Assumptions.assumeTrue(dir.isPresent(),
        "benign-at-scale corpus absent (expected in CI, which has no Python): generate it with "
            + "/usr/bin/python3 fixtures/generators/benign_at_scale.py [target/benign-at-scale]");
    report = ModelVet.scanner(ScanOptions.defaults()).scan(dir.get());
  }

  private static List<FileResult> topLevel() {
    return report.files().stream().filter(f -> !f.path().contains("!/") && !f.path().endsWith("COMPLETE")).toList();
  }

  @Test
  void atLeastFiveThousandFilesWereScanned() {
    assertThat(topLevel()).hasSizeGreaterThanOrEqualTo(MIN_FILES);
  }

  @Test
  void noFileIsFlaggedAtMediumOrAbove() {
    List<String> flagged = new ArrayList<>();
    for (FileResult f : report.files())
      if (f.worst() != null && f.worst().atLeast(Severity.MEDIUM))
        flagged.add(f.path() + " " + f.findings().stream().filter(x -> x.severity().atLeast(Severity.MEDIUM)).map(x -> x.ruleId() + "/" + x.severity()).toList());
    assertThat(flagged).as("benign files at MEDIUM+").isEmpty();
  }

  @Test
  void noFileIsInconclusive() {
    List<String> inconclusive = report.files().stream().filter(f -> f.verdict() == Verdict.INCONCLUSIVE)
        .map(f -> f.path() + ": " + f.inconclusiveReason()).toList();
    assertThat(inconclusive).as("inconclusive benign files").isEmpty();
  }
}
