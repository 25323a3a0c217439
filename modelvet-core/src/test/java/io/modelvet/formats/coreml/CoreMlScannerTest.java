package io.modelvet.formats.coreml;

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
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CoreMlScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/coreml");

  @Test
  void benignNeuralNetworkIsCleanAndRecognised() {
    FileResult r = Scans.file(DIR.resolve("benign.mlmodel"));
    assertThat(r.format()).isEqualTo("coreml");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void customLayerIsMediumAndNamesTheClass() {
    assertThat(only(Scans.file(DIR.resolve("custom_layer.mlmodel")), "coreml.custom-layer", Severity.MEDIUM).evidence()).isEqualTo("className=ACMEFastDecoder");
  }

  @Test
  void customModelIsMediumAndNamesTheClass() {
    assertThat(only(Scans.file(DIR.resolve("custom_model.mlmodel")), "coreml.custom-model", Severity.MEDIUM).evidence()).isEqualTo("className=ACMERecommender");
  }

  @Test
  void linkedModelOutsideTheBundleInsideAPipelineIsHigh() {
    assertThat(only(Scans.file(DIR.resolve("linked_model.mlmodel")), "coreml.linked-model", Severity.HIGH).evidence())
        .isEqualTo("file=../../../../private/var/evil.mlmodelc, search path=$BUNDLE_MAIN");
  }

  @Property(tries = 200)
  void mutatedModelsNeverEscape(@ForAll("models") byte[] file) {
    HostileScan.check("m.mlmodel", file);
  }

  @Provide
  Arbitrary<byte[]> models() {
    return Mutations.of(FindingAssert.fixture("coreml/linked_model.mlmodel"), 2);
  }
}
