package io.modelvet.formats.keras;

import static io.modelvet.formats.keras.KerasFixtures.first;
import static io.modelvet.formats.keras.KerasFixtures.fixture;
import static io.modelvet.formats.keras.KerasFixtures.quiet;
import static io.modelvet.formats.keras.KerasFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KerasH5ScannerTest {

  @ParameterizedTest
  @ValueSource(strings = {"benign_sequential.h5", "benign_functional.h5", "benign_userblock.h5"})
  void benignKerasModelsAreCleanAndRecognised(String name) throws Exception {
    FileResult r = scanOne(fixture("h5/" + name));
    assertThat(r.format()).isEqualTo("keras-h5");
    assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void weightsOnlyFileStaysPlainHdf5AndClean() throws Exception {
    FileResult r = scanOne(fixture("h5/weights_only.h5"));
    assertThat(r.format()).isEqualTo("hdf5");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void keras3WeightsFileIsQuiet() throws Exception {
    FileResult r = scanOne(fixture("v3/model.weights.h5"));
    assertThat(r.format()).isEqualTo("hdf5");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void lambdaThatCallsOsSystemIsCriticalWithDecodedEvidence() throws Exception {
    FileResult r = scanOne(fixture("h5/malicious_lambda.h5"));
    Finding f = first(r, "keras.lambda-dangerous-code").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).contains("__import__", "system", "'os'", "'echo pwned'");
    assertThat(f.message()).contains("CVE-2025-9905").contains("CVE-2024-3660");
    assertThat(f.location().detail()).startsWith("model_config /config/layers/1");
  }

  @Test
  void legacyBytesModelConfigIsReadToo() throws Exception {
    Finding f = first(scanOne(fixture("h5/malicious_lambda_legacy_bytes.h5")), "keras.lambda-dangerous-code").orElseThrow();
    assertThat(f.evidence()).contains("check_output", "'subprocess'");
  }

  @Test
  void arithmeticLambdaIsStillHighBecauseCodeRunsOnLoad() throws Exception {
    FileResult r = scanOne(fixture("h5/arithmetic_lambda.h5"));
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
    assertThat(first(r, "keras.lambda-layer")).isPresent();
    assertThat(first(r, "keras.lambda-dangerous-code")).isEmpty();
  }

  @Test
  void customLayerAndForeignLossModuleAreReported() throws Exception {
    FileResult r = scanOne(fixture("h5/custom_layer.h5"));
    Finding custom = first(r, "keras.custom-object").orElseThrow();
    assertThat(custom.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(custom.evidence()).isEqualTo("AttentionPooling");
    Finding module = first(r, "keras.untrusted-module").orElseThrow();
    assertThat(module.evidence()).isEqualTo("mylib.losses.focal_loss");
    assertThat(module.location().detail()).startsWith("training_config");
  }

  @Test
  void truncatedHdf5IsInconclusiveNotClean() throws Exception {
    byte[] b = Files.readAllBytes(fixture("h5/malicious_lambda.h5"));
    List<FileResult> r = KerasFixtures.scanBytes("cut.h5", java.util.Arrays.copyOf(b, 600));
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void modelauditPeerSamplesMatchTheirManifestLabels() throws Exception {
    Path corpus = SharedCorpus.peers();
    Path dir = SharedCorpus.require("peers/modelaudit/tests/assets/samples/keras");
    List<String> manifest = Files.readAllLines(corpus.resolve("manifest.jsonl"));
    assertThat(manifest).anyMatch(l -> l.contains("keras/malicious_lambda.h5") && l.contains("\"label\": \"malicious\""));
    assertThat(manifest).anyMatch(l -> l.contains("keras/safe_model.h5") && l.contains("\"label\": \"benign\""));

    FileResult evil = scanOne(dir.resolve("malicious_lambda.h5"));
    assertThat(evil.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(first(evil, "keras.lambda-dangerous-code").orElseThrow().message()).contains("eval");
    FileResult safe = scanOne(dir.resolve("safe_model.h5"));
    assertThat(safe.format()).isEqualTo("keras-h5");
    assertThat(quiet(safe)).as(safe.toString()).isTrue();
  }

  /**
   * Fuzzing finding 5: a 3.4 KB file whose object header claims 1.6 GB made jHDF allocate the whole
   * claim before reading. Regions are now checked against the end of the file first.
   */
  @ParameterizedTest
  @ValueSource(strings = {"kerasH5/crash-b215f87969f83f87295563cc2c617e7852a0fd4e", "kerasConfig/crash-15aebe07823b14ad0f0c2d143c15b936bcaf3c12"})
  void lyingObjectHeaderSizeIsRefusedBeforeAnyBufferIsMade(String input) throws Exception {
    byte[] b;
    try (var in = getClass().getResourceAsStream("/io/modelvet/fuzz/ParserFuzzTestInputs/" + input)) {
      b = in.readAllBytes();
    }
    FileResult r = io.modelvet.testutil.HostileScan.check("lying.h5", b); // asserts < 64 MB allocated
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("past the end of the file");
  }

  @Test
  void jhdfStillOpensThroughTheCheckedStorage() throws Exception {
    // the reflective route into jHDF (Hdf5Files) must keep working with the pinned jHDF version
    try (var ch = java.nio.channels.FileChannel.open(fixture("h5/benign_userblock.h5"))) {
      io.jhdf.HdfFile f = Hdf5Files.open(ch);
      assertThat(f.getChildren()).isNotEmpty();
    }
  }
}
