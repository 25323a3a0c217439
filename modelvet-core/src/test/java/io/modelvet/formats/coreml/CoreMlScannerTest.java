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
import io.modelvet.testutil.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreMlScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/coreml");
  private static final Path PACKAGE = DIR.resolve("benign.mlpackage");

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

  @Test
  void benignMlPackageIsCleanFileByFile() {
    List<FileResult> rs = Scans.paths(PACKAGE);
    assertThat(rs).extracting(FileResult::format).containsExactlyInAnyOrder("coreml-manifest", "coreml", "coreml-weights");
    for (FileResult r : rs) assertThat(r.verdict()).as(r.path() + " " + r.findings() + " " + r.inconclusiveReason()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void mlProgramCustomLayerNamesTheClassAndUnknownOpIsNamed() {
    FileResult r = Scans.file(DIR.resolve("mlprogram_custom.mlmodel"));
    assertThat(only(r, "coreml.custom-layer", Severity.MEDIUM).evidence()).isEqualTo("className=ACMEFastDecoder");
    assertThat(only(r, "coreml.unknown-op", Severity.MEDIUM).evidence()).isEqualTo("acme_decrypt");
    assertThat(r.findings()).hasSize(2);
  }

  @Test
  void mlProgramWeightPathLeavingThePackageIsHigh() {
    assertThat(only(Scans.file(DIR.resolve("mlprogram_blob_escape.mlmodel")), "coreml.blob-path", Severity.HIGH).evidence())
        .isEqualTo("fileName=@model_path/../../../../../etc/passwd");
  }

  @Test
  void mlProgramConstantPointingBetweenBlobHeadersIsMalformed(@TempDir Path dir) throws IOException {
    Path pkg = dir.resolve("m.mlpackage");
    Trees.copy(PACKAGE, pkg);
    Files.copy(DIR.resolve("mlprogram_bad_offset.mlmodel"), pkg.resolve("Data/com.apple.CoreML/model.mlmodel"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    FileResult model = Scans.paths(pkg).stream().filter(f -> f.path().endsWith("model.mlmodel")).findFirst().orElseThrow();
    assertThat(only(model, "coreml.malformed-weights", Severity.MEDIUM).evidence()).isEqualTo("fileName=@model_path/weights/weight.bin offset=200");
  }

  @Test
  void weightBlobWithALyingSizeIsMalformedNotACrash() {
    FileResult r = Scans.file(DIR.resolve("weights_lying_size.bin"));
    assertThat(r.format()).isEqualTo("coreml-weights");
    assertThat(only(r, "coreml.malformed-weights", Severity.MEDIUM).evidence()).startsWith("blob 1 at offset 192: 1099511627776 bytes at offset 256 do not fit");
  }

  @Test
  void pickleAfterTheLastBlobIsReportedAndScannedAsAMember() {
    FindingAssert.assertTrailingPickle(DIR.resolve("weights_trailing_pickle.bin"), "coreml.weights-trailing-data", "70 bytes at offset 320");
  }

  @Test
  void manifestItemPathLeavingThePackageIsHigh() {
    FileResult r = Scans.file(DIR.resolve("manifest_escape.json"));
    assertThat(r.format()).isEqualTo("coreml-manifest");
    assertThat(only(r, "coreml.manifest-path", Severity.HIGH).evidence()).isEqualTo("path=../../../../Library/LaunchAgents/com.acme.plist");
  }

  @Property(tries = 200)
  void mutatedModelsNeverEscape(@ForAll("models") byte[] file) {
    HostileScan.check("m.mlmodel", file);
  }

  @Provide
  Arbitrary<byte[]> models() {
    return Mutations.of(FindingAssert.fixture("coreml/linked_model.mlmodel"), 2);
  }

  @Property(tries = 200)
  void mutatedMlProgramsNeverEscape(@ForAll("mlPrograms") byte[] file) {
    HostileScan.check("model.mlmodel", file);
  }

  @Provide
  Arbitrary<byte[]> mlPrograms() {
    return Mutations.of(FindingAssert.fixture("coreml/mlprogram_custom.mlmodel"), 2);
  }

  @Property(tries = 200)
  void mutatedManifestsNeverEscape(@ForAll("manifests") byte[] file) {
    HostileScan.check("Manifest.json", file);
  }

  @Provide
  Arbitrary<byte[]> manifests() {
    return Mutations.of(FindingAssert.fixture("coreml/manifest_escape.json"), 0);
  }

  @Property(tries = 300)
  void mutatedWeightFilesNeverEscape(@ForAll("weightFiles") byte[] file) {
    HostileScan.check("weight.bin", file);
  }

  @Provide
  Arbitrary<byte[]> weightFiles() {
    return Mutations.of(FindingAssert.fixture("coreml/weights_trailing_pickle.bin"), 0);
  }
}
