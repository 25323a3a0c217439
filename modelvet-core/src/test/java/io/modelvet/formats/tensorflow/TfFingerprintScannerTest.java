package io.modelvet.formats.tensorflow;

import static io.modelvet.testutil.Scans.assertDeniedCall;
import static io.modelvet.testutil.Scans.assertFinding;
import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.members;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Payloads;
import io.modelvet.testutil.Scans;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fingerprint.pb} is pure data: the real one is recognised and clean, and the name never
 * shelters other content (a pickle named {@code fingerprint.pb} is still the pickle it is).
 */
class TfFingerprintScannerTest {

  @Test
  void realFingerprintIsRecognisedAndClean() {
    List<FileResult> rs = Scans.members(Scans.fixture("graph/tf/benign/keras_tf2/fingerprint.pb"));
    assertThat(rs).as(describe(rs)).singleElement().satisfies(r -> {
      assertThat(r.format()).isEqualTo("tf-fingerprint");
      assertThat(r.findings()).isEmpty();
      assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    });
  }

  @Test
  void picklePosingAsAFingerprintIsCritical() {
    List<FileResult> rs = members("fingerprint.pb", Payloads.osSystemPickle());
    assertThat(rs.get(0).format()).isEqualTo("pickle");
    assertDeniedCall(rs, "fingerprint.pb");
    assertFinding(rs, "fingerprint.pb", "general.extension-mismatch", Severity.HIGH);
  }

  @Test
  void fingerprintFieldsFollowedByAPickleAreNotAFingerprint() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int field = 1; field <= 4; field++) b.writeBytes(new byte[] {(byte) (field << 3), 0x2a}); // four varint hashes
    b.writeBytes(Payloads.osSystemPickle());
    FileResult r = members("fingerprint.pb", b.toByteArray()).get(0);
    assertThat(r.format()).isNotEqualTo("tf-fingerprint");
    assertThat(r.verdict()).as(r.toString()).isNotEqualTo(Verdict.CLEAN);
  }
}
