package io.modelvet.formats.executorch;

import static io.modelvet.testutil.FindingAssert.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ExecutorchScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/executorch");

  @Test
  void programWithCoreOperatorsOnlyIsClean() {
    FileResult r = Scans.file(DIR.resolve("benign_aten.pte"));
    assertThat(r.format()).isEqualTo("executorch");
    assertThat(r.verdict()).as(r.findings() + " " + r.inconclusiveReason()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void xnnpackDelegateInASegmentIsLowAndNamed() {
    FileResult r = Scans.file(DIR.resolve("benign_xnnpack.pte"));
    assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
    assertThat(only(r, "executorch.delegate", Severity.LOW).evidence()).isEqualTo("id=XnnpackBackend");
    assertThat(r.findings()).hasSize(1);
  }

  @Test
  void operatorsOutsideExecuTorchNamespacesAreCustomOps() {
    FileResult r = Scans.file(DIR.resolve("custom_op.pte"));
    assertThat(only(r, "executorch.custom-op", Severity.MEDIUM).evidence()).isEqualTo("acme::fast_decrypt.out, my_ops::mul3.out");
    assertThat(r.findings()).hasSize(1);
  }

  @Test
  void unknownDelegateWithAnElfInItsInlineBlob() {
    FileResult r = Scans.file(DIR.resolve("unknown_delegate_elf.pte"));
    assertThat(only(r, "executorch.unknown-delegate", Severity.MEDIUM).evidence()).isEqualTo("id=AcmeNpuBackend");
    assertThat(only(r, "executorch.embedded-executable", Severity.HIGH).evidence()).startsWith("ELF header at ");
  }

  @Test
  void pickleAsDelegateBlobIsScannedAsAMember() {
    List<FileResult> rs = FindingAssert.scanAll(DIR.resolve("delegate_pickle.pte"));
    only(rs.get(0), "payload.embedded-pickle", Severity.MEDIUM);
    FileResult member = rs.stream().filter(f -> f.path().contains("!/")).findFirst().orElseThrow();
    assertThat(member.format()).isEqualTo("pickle");
    assertThat(Scans.worst(member)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void segmentLargerThanTheFileIsMalformedNotACrash() {
    FileResult r = Scans.file(DIR.resolve("bad_segment.pte"));
    assertThat(only(r, "executorch.malformed", Severity.MEDIUM).evidence()).isEqualTo("data segment 0 (1099511627776 bytes at 0 after segment base 512) lies outside the 720-byte file");
  }

  @Test
  void instructionCallingAMissingOperatorIsMalformed() {
    assertThat(only(Scans.file(DIR.resolve("bad_instruction.pte")), "executorch.malformed", Severity.MEDIUM).evidence())
        .isEqualTo("instruction 1 of chain 0 calls operator 42 of 2");
  }

  @Property(tries = 300)
  void mutatedProgramsNeverEscape(@ForAll("programs") byte[] file) {
    HostileScan.check("m.pte", file);
  }

  @Provide
  Arbitrary<byte[]> programs() {
    return Mutations.of(FindingAssert.fixture("executorch/unknown_delegate_elf.pte"), 8);
  }

  @Property(tries = 200)
  void mutatedSegmentedProgramsNeverEscape(@ForAll("segmented") byte[] file) {
    HostileScan.check("m.pte", file);
  }

  @Provide
  Arbitrary<byte[]> segmented() {
    return Mutations.of(FindingAssert.fixture("executorch/benign_xnnpack.pte"), 8);
  }
}
