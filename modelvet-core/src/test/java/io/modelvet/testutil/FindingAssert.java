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

  /**
   * A file with a pickle hidden after its data: the single {@code rule} finding at MEDIUM has
   * {@code evidence}, and the pickle is scanned as the member {@code trailing-data}, where it is
   * CRITICAL.
   */
  public static void assertTrailingPickle(Path file, String rule, String evidence) {
    List<FileResult> rs = scanAll(file);
    assertThat(only(rs.get(0), rule, Severity.MEDIUM).evidence()).isEqualTo(evidence);
    FileResult member = Scans.result(rs, rs.get(0).path() + "!/trailing-data");
    assertThat(member.format()).isEqualTo("pickle");
    assertThat(Scans.worst(member)).isEqualTo(Severity.CRITICAL);
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
