package io.modelvet.formats.openvino;

import static io.modelvet.testutil.FindingAssert.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OpenVinoScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/openvino");

  @Test
  void benignTopologyAndWeightsAreCleanAndRecognised() {
    FileResult xml = Scans.file(DIR.resolve("benign.xml"));
    assertThat(xml.format()).isEqualTo("openvino-ir");
    assertThat(xml.verdict()).as(xml.findings().toString()).isEqualTo(Verdict.CLEAN);
    FileResult bin = Scans.file(DIR.resolve("benign.bin"));
    assertThat(bin.format()).isEqualTo("openvino-weights");
    assertThat(bin.verdict()).as(bin.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void customOperationSetIsMediumAndNamed() {
    Finding f = only(Scans.file(DIR.resolve("custom_layer.xml")), "openvino.custom-layer", Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("type=MyNativeDecoder version=custom_opset");
  }

  @Test
  void weightsPastTheBinFileAreMedium() {
    Finding f = only(Scans.file(DIR.resolve("oob_weights.xml")), "openvino.weights-out-of-range", Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("weights: offset+size=4096 weights=48");
  }

  @Test
  void externalEntityIsHighAndNeverResolved() {
    FileResult r = Scans.file(DIR.resolve("xxe.xml"));
    Finding f = only(r, "xml.external-entity", Severity.HIGH);
    assertThat(f.evidence()).contains("file:///etc/passwd");
    // The entity is used in an attribute, which a parser that expands nothing cannot read past.
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("xxe");
    assertThat(r.findings().toString()).doesNotContain("root:");
  }

  @Test
  void unrelatedBinaryIsNotClaimedAsWeights() {
    FileResult r = Scans.bytes("benign.bin", new byte[] {1, 2, 3, 4, 0, 0, 0, 9});
    assertThat(r.format()).isNotEqualTo("openvino-weights");
  }

  @Property(tries = 200)
  void mutatedTopologiesNeverEscape(@ForAll("mutations") byte[] file) {
    HostileScan.check("m.xml", file);
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    byte[] xml = FindingAssert.fixture("openvino/xxe.xml");
    return Mutations.of(xml, 0, Arbitraries.of((byte) '<', (byte) '>', (byte) '&', (byte) '"', (byte) '!', (byte) '[', (byte) ']', (byte) 0, (byte) 'x', (byte) '/', (byte) ';'));
  }
}
