package io.modelvet.formats.pytorch;

import static io.modelvet.testutil.Containers.ascii;
import static io.modelvet.testutil.Containers.tar;
import static io.modelvet.testutil.Containers.torchZip;
import static io.modelvet.testutil.Containers.zip;
import static io.modelvet.testutil.Payloads.osSystemPickle;
import static io.modelvet.testutil.Payloads.plainPickle;
import static io.modelvet.testutil.Scans.assertDeniedCall;
import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.members;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Payloads;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three layouts {@code torch.save} has written, each with a malicious pickle where torch
 * unpickles it: the finding is {@code pickle.denied-callable} CRITICAL on the member that holds
 * it, and the same layouts with plain data are clean.
 */
class PyTorchPayloadTest {

  @Test
  void zipCheckpointDataPklIsCritical() {
    List<FileResult> rs = members("model.pt", torchZip("archive", osSystemPickle()));
    assertThat(rs.get(0).format()).isEqualTo("pytorch-zip");
    assertDeniedCall(rs, "model.pt!/archive/data.pkl");
  }

  @Test
  void zipCheckpointWithAnyFolderNameIsCritical() {
    List<FileResult> rs = members("pytorch_model.bin", torchZip("my.model-v2", osSystemPickle()));
    assertDeniedCall(rs, "pytorch_model.bin!/my.model-v2/data.pkl");
  }

  @Test
  void torchScriptConstantsPickleIsCritical() {
    byte[] ts = zip("m/data.pkl", plainPickle(), "m/constants.pkl", osSystemPickle(), "m/version", ascii("3\n"), "m/code/__torch__.py", ascii("def forward(self, x):\n    return x\n"));
    List<FileResult> rs = members("traced.pt", ts);
    assertThat(rs.get(0).format()).isEqualTo("torchscript");
    assertDeniedCall(rs, "traced.pt!/m/constants.pkl");
  }

  @Test
  void legacyTarCheckpointPickleMemberIsCritical() {
    byte[] legacy = tar("sys_info", plainPickle(), "pickle", osSystemPickle(), "storages", plainPickle(), "tensors", plainPickle());
    List<FileResult> rs = members("checkpoint.tar", legacy);
    assertThat(rs.get(0).format()).isEqualTo("pytorch-legacy-tar");
    assertDeniedCall(rs, "checkpoint.tar!/pickle");
  }

  @Test
  void legacyStreamCheckpointIsCritical() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(Payloads.legacyTorchPrefix());
    b.writeBytes(osSystemPickle());
    b.writeBytes(new byte[] {(byte) 0x80, 2, ']', '.'}); // storage keys: []
    List<FileResult> rs = members("legacy.pt", b.toByteArray());
    assertThat(rs.get(0).format()).isEqualTo("pytorch-legacy");
    assertDeniedCall(rs, "legacy.pt");
  }

  @Test
  void plainDataZipCheckpointIsClean() {
    List<FileResult> rs = members("model.pt", torchZip("archive", plainPickle()));
    assertThat(rs).as(describe(rs)).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> {
      assertThat(r.findings()).isEmpty();
      assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    });
  }

  @Test
  void plainDataLegacyTarCarriesOnlyTheLowFormatNotice() {
    List<FileResult> rs = members("checkpoint.tar", tar("sys_info", plainPickle(), "pickle", plainPickle(), "storages", plainPickle(), "tensors", plainPickle()));
    assertThat(rs.get(0).findings()).as(describe(rs)).singleElement()
        .satisfies(f -> assertThat(f.ruleId()).isEqualTo("pytorch.legacy-format"))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
    assertThat(rs.subList(1, rs.size())).as(describe(rs)).isNotEmpty().allSatisfy(r -> assertThat(r.findings()).isEmpty());
  }
}
