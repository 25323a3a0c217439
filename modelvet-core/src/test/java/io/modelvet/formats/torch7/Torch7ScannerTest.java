package io.modelvet.formats.torch7;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.file.Files;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Torch7 binary files written by fixtures/generators/formats/gen_torch7.py from torch/File.lua. */
class Torch7ScannerTest {
  @Test
  void sequentialOfLinearLayersIsClean() {
    FileResult r = Scans.file(Scans.fixture("formats/torch7/benign.t7"));
    assertThat(r.format()).isEqualTo("torch7");
    assertThat(r.verdict()).as(r.findings() + " " + r.inconclusiveReason()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void functionsAndForeignClassesAreReported() {
    FileResult r = Scans.file(Scans.fixture("formats/torch7/malicious.t7"));
    assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("torch7.function") && f.severity() == Severity.HIGH && f.evidence().startsWith("byte code header 1b4c756151"));
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("torch7.unknown-class") && f.severity() == Severity.MEDIUM && f.evidence().equals("evil.Loader"));
  }

  @Property(tries = 300)
  void mutatedFilesStayBounded(@ForAll("files") byte[] b) {
    HostileScan.check("m.t7", b);
  }

  @Provide
  Arbitrary<byte[]> files() throws IOException {
    return Mutations.of(Files.readAllBytes(Scans.fixture("formats/torch7/malicious.t7")), 16);
  }
}
