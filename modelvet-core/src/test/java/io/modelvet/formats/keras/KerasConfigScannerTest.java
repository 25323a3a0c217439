package io.modelvet.formats.keras;

import static io.modelvet.formats.keras.KerasFixtures.first;
import static io.modelvet.formats.keras.KerasFixtures.read;
import static io.modelvet.formats.keras.KerasFixtures.scanBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Keras 3 config.json content as the zip scanner hands it over: by content, named config.json. */
class KerasConfigScannerTest {

  private static FileResult scanConfig(String fixture) throws Exception {
    return scanBytes("model.keras!/config.json", read("v3/" + fixture)).get(0);
  }

  @Test
  void benignKeras3ConfigIsClean() throws Exception {
    FileResult r = scanConfig("benign_v3.config.json");
    assertThat(r.format()).isEqualTo("keras-config");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void metadataJsonIsRecognisedAndClean() throws Exception {
    FileResult r = scanBytes("model.keras!/metadata.json", read("v3/metadata.json")).get(0);
    assertThat(r.format()).isEqualTo("keras-metadata");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void cve20251550BuiltinsExecIsCritical() throws Exception {
    Finding f = first(scanConfig("cve_2025_1550_exec.config.json"), "keras.dangerous-function").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).isEqualTo("builtins.exec");
    assertThat(f.location().detail()).endsWith("/config/layers/1/config/activation");
  }

  @Test
  void moduleOutsideKerasIsHigh() throws Exception {
    FileResult r = scanConfig("untrusted_module.config.json");
    assertThat(first(r, "keras.untrusted-module").orElseThrow().evidence()).isEqualTo("evilpkg.layers.Backdoor");
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
  }

  @Test
  void getFileGadgetIsReportedWithItsCve() throws Exception {
    Finding f = first(scanConfig("get_file_gadget.config.json"), "keras.gadget").orElseThrow();
    assertThat(f.message()).contains("CVE-2025-8747");
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void unsafeDeserializationFollowedByLambdaIsCritical() throws Exception {
    FileResult r = scanConfig("unsafe_deserialization_lambda.config.json");
    assertThat(first(r, "keras.gadget").orElseThrow().message()).contains("CVE-2025-9906");
    assertThat(first(r, "keras.gadget").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    Finding lambda = first(r, "keras.lambda-dangerous-code").orElseThrow();
    assertThat(lambda.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(lambda.evidence()).contains("__import__", "system", "'id'");
  }

  @Test
  void torchModuleWrapperIsReportedAndItsEmbeddedBytesAreScannedAsAMember() throws Exception {
    List<FileResult> results = scanBytes("model.keras!/config.json", read("v3/torch_module_wrapper.config.json"));
    assertThat(first(results.get(0), "keras.gadget").orElseThrow().message()).contains("CVE-2025-49655");
    assertThat(results).anyMatch(r -> r.path().contains("TorchModuleWrapper") && r.size() > 100);
  }

  @Test
  void stringLookupVocabularyPathIsHigh() throws Exception {
    Finding f = first(scanConfig("stringlookup_path.config.json"), "keras.vocabulary-path").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.evidence()).isEqualTo("/etc/passwd");
    assertThat(f.message()).contains("CVE-2025-12058");
  }

  @Test
  void vocabularyUrlIsHighAndRelativePathMedium() {
    String url = "{\"module\":\"keras.layers\",\"class_name\":\"IntegerLookup\",\"config\":{\"name\":\"l\",\"vocabulary\":\"https://attacker.example/v.txt\"},\"registered_name\":null}";
    String rel = url.replace("https://attacker.example/v.txt", "vocab.txt");
    assertThat(first(scanBytes("config.json", url.getBytes(StandardCharsets.UTF_8)).get(0), "keras.vocabulary-path").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    assertThat(first(scanBytes("config.json", rel.getBytes(StandardCharsets.UTF_8)).get(0), "keras.vocabulary-path").orElseThrow().severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void osSystemFunctionReferenceIsCritical() {
    String json = "{\"module\":\"keras\",\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"module\":\"keras.layers\",\"class_name\":\"Dense\",\"config\":{\"units\":1,\"activation\":{\"module\":\"os\",\"class_name\":\"function\",\"config\":\"system\",\"registered_name\":null}}}]}}";
    Finding f = first(scanBytes("config.json", json.getBytes(StandardCharsets.UTF_8)).get(0), "keras.dangerous-function").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).isEqualTo("os.system");
  }

  @Test
  void lambdaGivenAsSourceIsCriticalOnlyWhenItCallsSomethingDangerous() {
    String evil = "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Lambda\",\"config\":{\"function\":\"lambda x: eval(x)\"}}]}}";
    String plain = evil.replace("eval(x)", "x + 1");
    FileResult bad = scanBytes("config.json", evil.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(first(bad, "keras.lambda-dangerous-code").orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
    FileResult r = scanBytes("config.json", plain.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
    assertThat(first(r, "keras.lambda-layer").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    assertThat(first(r, "keras.lambda-layer").orElseThrow().evidence()).isEqualTo("lambda x: x + 1");
  }

  @Test
  void tfOpLambdaWritingFilesIsHigh() {
    String json = "{\"class_name\":\"Functional\",\"config\":{\"layers\":[{\"class_name\":\"TFOpLambda\",\"config\":{\"name\":\"tf.io.write_file\",\"function\":\"io.write_file\"}}]}}";
    Finding f = first(scanBytes("config.json", json.getBytes(StandardCharsets.UTF_8)).get(0), "keras.tf-op-file-access").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.evidence()).isEqualTo("tf.io.write_file");
  }

  @Test
  void repeatedCustomClassesAreMergedIntoOneFindingWithACount() {
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < 50; i++) layers.append(i == 0 ? "" : ",").append("{\"class_name\":\"MyBlock\",\"config\":{\"name\":\"b").append(i).append("\"}}");
    String json = "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[" + layers + "]}}";
    FileResult r = scanBytes("config.json", json.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("keras.custom-object");
      assertThat(f.message()).contains("occurs 50 times");
      assertThat(f.location().detail()).endsWith("/config/layers/0");
    });
  }

  @Test
  void deeplyNestedConfigIsInconclusiveNotACrash() {
    String json = "{\"class_name\":\"Sequential\",\"config\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    FileResult r = scanBytes("config.json", json.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void duplicateKeysAreRejectedAsAParserDifferential() {
    String json = "{\"class_name\":\"Sequential\",\"config\":{},\"config\":{\"layers\":[]}}";
    assertThat(scanBytes("config.json", json.getBytes(StandardCharsets.UTF_8)).get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Property(tries = 300)
  void mutatedConfigsNeverEscapeTheEngine(@ForAll int position, @ForAll @Size(min = 1, max = 8) byte[] noise) throws Exception {
    byte[] b = read("v3/unsafe_deserialization_lambda.config.json");
    int at = Math.floorMod(position, b.length);
    for (int i = 0; i < noise.length && at + i < b.length; i++) b[at + i] = noise[i];
    List<FileResult> r = scanBytes("config.json", b);
    assertThat(r).isNotEmpty();
    assertThat(r.get(0).inconclusiveReason() == null || !r.get(0).inconclusiveReason().startsWith("analysis failed")).as(String.valueOf(r.get(0).inconclusiveReason())).isTrue();
  }
}
