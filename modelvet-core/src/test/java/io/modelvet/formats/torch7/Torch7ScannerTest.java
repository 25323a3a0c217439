package io.modelvet.formats.torch7;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.file.Files;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Torch7 binary and ASCII files written by fixtures/generators/formats/gen_torch7.py from torch/File.lua. */
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

  @Test
  void asciiSequentialIsCleanAndRecognised() {
    FileResult r = Scans.file(Scans.fixture("formats/torch7/benign_ascii.t7"));
    assertThat(r.format()).isEqualTo("torch7-ascii");
    assertThat(r.verdict()).as(r.findings() + " " + r.inconclusiveReason()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void asciiFunctionsAndForeignClassesGetTheSameFindings() {
    FileResult r = Scans.file(Scans.fixture("formats/torch7/malicious_ascii.t7"));
    assertThat(FindingAssert.only(r, "torch7.function", Severity.HIGH).evidence()).startsWith("byte code header 1b4c756151");
    assertThat(FindingAssert.only(r, "torch7.unknown-class", Severity.MEDIUM).evidence()).isEqualTo("evil.Loader");
  }

  @Test
  void asciiStorageHoldingSomethingOtherThanNumbersIsInconclusive() throws IOException {
    String text = Files.readString(Scans.fixture("formats/torch7/benign_ascii.t7"), java.nio.charset.StandardCharsets.ISO_8859_1);
    String cut = text.replace("0.5 -0.5\n", "0.5 zz\n");
    assertThat(cut).isNotEqualTo(text);
    FileResult r = Scans.bytes("m.t7", cut.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(r.format()).isEqualTo("torch7-ascii");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Property(tries = 300)
  void mutatedAsciiFilesStayBounded(@ForAll("asciiFiles") byte[] b) {
    HostileScan.check("m.t7", b);
  }

  @Provide
  Arbitrary<byte[]> asciiFiles() throws IOException {
    return Mutations.of(Files.readAllBytes(Scans.fixture("formats/torch7/malicious_ascii.t7")), 8,
        Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) '9', (byte) '\n', (byte) ' ', (byte) '-', (byte) '4')));
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
