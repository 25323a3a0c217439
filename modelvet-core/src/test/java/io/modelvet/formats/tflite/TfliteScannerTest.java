package io.modelvet.formats.tflite;

import static io.modelvet.formats.graph.GraphFixtures.bytes;
import static io.modelvet.formats.graph.GraphFixtures.first;
import static io.modelvet.formats.graph.GraphFixtures.nothingAtOrAbove;
import static io.modelvet.formats.graph.GraphFixtures.ruleIds;
import static io.modelvet.formats.graph.GraphFixtures.scanBytes;
import static io.modelvet.formats.graph.GraphFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Head;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TfliteScannerTest {

  @ParameterizedTest
  @ValueSource(strings = {"builtin_mlp", "flex_erf", "offset_buffers"})
  void benignModelsRaiseNothingAtLowOrAbove(String name) throws IOException {
    FileResult r = scanOne("tflite/benign/" + name + ".tflite");
    assertThat(r.format()).isEqualTo("tflite");
    assertThat(r.verdict()).isNotEqualTo(Verdict.INCONCLUSIVE);
    assertThat(nothingAtOrAbove(r, Severity.LOW)).as(r.findings().toString()).isTrue();
  }

  @Test
  void builtinOnlyModelIsClean() throws IOException {
    assertThat(scanOne("tflite/benign/builtin_mlp.tflite").verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void harmlessFlexOpIsInventory() throws IOException {
    FileResult r = scanOne("tflite/benign/flex_erf.tflite");
    assertThat(ruleIds(r)).containsExactly("tflite.flex-op");
    assertThat(r.findings().get(0).evidence()).isEqualTo("FlexErf");
  }

  @Test
  void customOpIsMediumAndNamed() throws IOException {
    Finding f = first(scanOne("tflite/suspicious/custom_op.tflite"), "tflite.custom-op").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("MyNativeKernel");
  }

  @Test
  void flexFileOpsCarryTheTensorFlowSeverity() throws IOException {
    FileResult r = scanOne("tflite/malicious/flex_writefile.tflite");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("tflite.flex-dangerous-op") && f.severity() == Severity.HIGH && f.evidence().contains("WriteFile"));
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("tflite.flex-dangerous-op") && f.severity() == Severity.MEDIUM && f.evidence().contains("ReadFile"));
  }

  @Test
  void flexPythonCallbackIsHigh() throws IOException {
    Finding f = first(scanOne("tflite/malicious/flex_pyfunc.tflite"), "tflite.flex-dangerous-op").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.message()).contains("Python");
  }

  @Test
  void bufferBeyondTheFileIsMedium() throws IOException {
    Finding f = first(scanOne("tflite/malformed/buffer_out_of_range.tflite"), "tflite.buffer-out-of-range").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).contains("offset=" + (1L << 40));
  }

  @Test
  void opcodeIndexPastTheCodesIsMalformed() throws IOException {
    Finding f = first(scanOne("tflite/malformed/bad_opcode_index.tflite"), "tflite.malformed-structure").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("opcode_index=5");
  }

  @Test
  void truncatedModelIsInconclusive() throws IOException {
    FileResult r = scanOne("tflite/malformed/truncated.tflite");
    assertThat(r.format()).isEqualTo("tflite");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void hostileVectorLengthsAreNeverCleanAndAllocateLittle() throws IOException {
    byte[] b = bytes("tflite/benign/builtin_mlp.tflite");
    // Make every 32-bit word that looks like a small vector length enormous: offsets break or lengths lie.
    byte[] hostile = Arrays.copyOf(b, b.length);
    for (int i = 8; i + 4 <= hostile.length; i += 4) {
      if (hostile[i] == 2 && hostile[i + 1] == 0 && hostile[i + 2] == 0 && hostile[i + 3] == 0) {
        hostile[i + 3] = 0x7f;
      }
    }
    // HostileScan measures what the scan allocates and the largest read it asks for
    FileResult r = HostileScan.check("hostile.tflite", hostile);
    assertThat(r.format()).isEqualTo("tflite");
    assertThat(r.verdict()).as("%s %s", r.inconclusiveReason(), r.findings()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void sniffNeedsTheIdentifierAndASaneRoot() throws IOException {
    TfliteScanner s = new TfliteScanner();
    byte[] b = bytes("tflite/benign/builtin_mlp.tflite");
    assertThat(s.sniff(new Head(b, b.length, "m", new ArrayByteSource(b)))).isEqualTo(95);
    byte[] badRoot = b.clone();
    badRoot[3] = 0x7f;
    assertThat(s.sniff(new Head(badRoot, badRoot.length, "m", new ArrayByteSource(badRoot)))).isZero();
    byte[] text = "abcdTFL3 not a model".getBytes();
    assertThat(s.sniff(new Head(text, text.length, "m", new ArrayByteSource(text)))).isZero();
  }
}
