package io.modelvet.formats.pytorch;

import static io.modelvet.testutil.Scans.assertFinding;
import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.findings;
import static io.modelvet.testutil.Scans.fixture;
import static io.modelvet.testutil.Scans.members;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Storage sizes declared in torch pickles versus the bytes present (CVE-2026-24747). Benign files
 * are real torch.save / torch.jit.save output (torch 1.13); malicious ones are byte-level edits of
 * them, written by fixtures/generators/containers/gen_torch_storages.py.
 */
class StorageSizeTest {
  private static final String STORAGE_RULES = "pytorch.storage-";

  static Stream<Path> benign() throws IOException {
    return Files.list(fixture("torch-storages/benign")).sorted();
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realTorchFilesRaiseNoStorageFinding(Path file) {
    List<FileResult> rs = members(file);
    assertThat(findings(rs)).as(describe(rs))
        .noneMatch(f -> f.ruleId().startsWith(STORAGE_RULES) || f.ruleId().equals("pytorch.tensor-out-of-bounds"))
        .allMatch(f -> f.severity().compareTo(Severity.MEDIUM) < 0);
    assertThat(rs).as(describe(rs)).noneMatch(r -> r.verdict() == Verdict.INCONCLUSIVE);
  }

  private static List<FileResult> bad(String name) {
    return members(fixture("torch-storages/malicious/" + name));
  }

  /** The finding of {@code rule} at exactly {@code severity} on the zip fixture's data.pkl. */
  private static Finding onDataPkl(String name, String rule, Severity severity) {
    List<FileResult> rs = bad(name);
    return assertFinding(rs, rs.get(0).path() + "!/archive/data.pkl", rule, severity);
  }

  /** The finding of {@code rule} at exactly {@code severity} on the legacy fixture itself. */
  private static Finding onLegacy(String name, String rule, Severity severity) {
    List<FileResult> rs = bad(name);
    return assertFinding(rs, rs.get(0).path(), rule, severity);
  }

  @Test
  void zipStorageDeclaringMoreBytesThanItsMemberIsHigh() {
    Finding f = onDataPkl("zip_storage_overrun.pt", "pytorch.storage-overrun", Severity.HIGH);
    assertThat(f.evidence()).contains("storage '0' (FloatStorage)", "declared 200 elements x 4 bytes = 800 bytes", "archive/data/0 holds 40 bytes");
    assertThat(f.message()).contains("CVE-2026-24747");
  }

  @Test
  void storageOfFourTebibytesOverFortyBytesIsHigh() {
    Finding f = onDataPkl("zip_storage_overrun_huge.pt", "pytorch.storage-overrun", Severity.HIGH);
    assertThat(f.evidence()).contains("4398046511104 bytes", "holds 40 bytes");
  }

  @Test
  void checkpointTensorViewPastItsStorageIsMediumBecauseTorchLoadRefusesIt() {
    Finding f = onDataPkl("zip_view_out_of_bounds.pt", "pytorch.tensor-out-of-bounds", Severity.MEDIUM);
    assertThat(f.evidence()).contains("storage '0' (FloatStorage) declares 10 elements", "size (200,)", "needs 200");
    assertThat(findings(bad("zip_view_out_of_bounds.pt"))).noneMatch(x -> x.ruleId().equals("pytorch.storage-overrun"));
  }

  @Test
  void torchScriptTensorViewPastItsStorageIsHigh() {
    Finding f = onDataPkl("torchscript_view_out_of_bounds.pt", "pytorch.tensor-out-of-bounds", Severity.HIGH);
    assertThat(f.evidence()).contains("declares 10 elements", "needs 200");
  }

  @Test
  void negativeElementCountAndStrideAreMedium() {
    Finding f = onDataPkl("zip_storage_negative.pt", "pytorch.storage-invalid", Severity.MEDIUM);
    assertThat(f.evidence()).contains("storage '0' (FloatStorage): numel -1");
    Finding g = onDataPkl("zip_view_negative_stride.pt", "pytorch.storage-invalid", Severity.MEDIUM);
    assertThat(g.evidence()).contains("stride (-1,)");
  }

  @Test
  void storageWithoutMemberIsLow() {
    Finding f = onDataPkl("zip_storage_missing.pt", "pytorch.storage-missing", Severity.LOW);
    assertThat(f.evidence()).contains("no member", "archive/data/0");
  }

  @Test
  void legacyMismatchesAreLowBecauseTorchRefusesThem() {
    Finding f = onLegacy("legacy_declared_mismatch.pt", "pytorch.storage-overrun", Severity.LOW);
    assertThat(f.evidence()).contains("declared 200 elements, written 10 elements of 4 bytes");
    onLegacy("legacy_written_mismatch.pt", "pytorch.storage-overrun", Severity.LOW);
    Finding v = onLegacy("legacy_view_out_of_bounds.pt", "pytorch.tensor-out-of-bounds", Severity.LOW);
    assertThat(v.evidence()).contains("declares 10 elements", "needs 200");
  }
}
