package io.modelvet.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.ModelVet;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Assertions on fixtures: the one finding of a rule, and scans that keep every member result. */
public final class FindingAssert {
  private FindingAssert() {}

  /** The single finding of {@code rule} in {@code r}; fails when there is none or several. */
  public static Finding only(FileResult r, String rule) {
    List<Finding> fs = r.findings().stream().filter(f -> f.ruleId().equals(rule)).toList();
    assertThat(fs).as(r.findings().toString()).hasSize(1);
    return fs.get(0);
  }

  /** The single finding of {@code rule}, asserted to have {@code severity}. */
  public static Finding only(FileResult r, String rule, Severity severity) {
    Finding f = only(r, rule);
    assertThat(f.severity()).as(f.toString()).isEqualTo(severity);
    return f;
  }

  /** Every result of a scan of {@code p}: the file first, then its members. */
  public static List<FileResult> scanAll(Path p) {
    try {
      return ModelVet.scanner(ScanOptions.defaults().withThreads(1)).scan(p).files();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a test resource under {@code src/test/resources/fixtures/formats2}. */
  public static byte[] fixture(String relative) {
    try {
      return java.nio.file.Files.readAllBytes(Path.of("src/test/resources/fixtures/formats2", relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
