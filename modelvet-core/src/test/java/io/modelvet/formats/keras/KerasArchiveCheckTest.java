package io.modelvet.formats.keras;

import io.modelvet.formats.archive.KerasArchiveCheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.Scanner;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class KerasArchiveCheckTest {

  /** Runs the check inside a real ScanContext, as the zip scanner will. */
  private static List<Finding> inspect(List<String> names) {
    Scanner probe =
        new Scanner() {
          @Override
          public String format() {
            return "keras-v3";
          }

          @Override
          public int sniff(Head head) {
            return 100;
          }

          @Override
          public void scan(ScanContext ctx) {
            KerasArchiveCheck.inspectMembers(ctx, names);
          }
        };
    FileResult r = new ScanEngine(List.of(probe), ScanOptions.defaults().withThreads(1)).scan("m.keras", new ArrayByteSource(new byte[] {1})).get(0);
    return r.findings();
  }

  @Test
  void standardLayoutIsQuiet() {
    assertThat(inspect(List.of("metadata.json", "config.json", "model.weights.h5", "assets/", "assets/vocab.txt"))).isEmpty();
  }

  @Test
  void pythonExecutablesAndPicklesAreHigh() {
    List<Finding> f = inspect(List.of("config.json", "payload.py", "tools/run.sh", "extra.pkl"));
    assertThat(f).hasSize(3).allMatch(x -> x.ruleId().equals("keras.archive-unexpected-member") && x.severity() == Severity.HIGH);
  }

  @Test
  void otherExtraFilesAreLow() {
    assertThat(inspect(List.of("config.json", "notes.txt"))).singleElement().satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void traversalNamesAreReportedWithTheCve() {
    List<Finding> f = inspect(List.of("../../etc/cron.d/x", "/abs/config.json", "C:\\evil.dll"));
    assertThat(f).hasSize(3).allMatch(x -> x.ruleId().equals("keras.archive-path-traversal"));
    assertThat(f.get(0).message()).contains("CVE-2025-12060");
  }
}
