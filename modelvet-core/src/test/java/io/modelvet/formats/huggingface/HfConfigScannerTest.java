package io.modelvet.formats.huggingface;

import static io.modelvet.formats.keras.KerasFixtures.first;
import static io.modelvet.formats.keras.KerasFixtures.fixture;
import static io.modelvet.formats.keras.KerasFixtures.quiet;
import static io.modelvet.formats.keras.KerasFixtures.scan;
import static io.modelvet.formats.keras.KerasFixtures.scanBytes;
import static io.modelvet.formats.keras.KerasFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.SharedCorpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HfConfigScannerTest {

  @Test
  void benignBertFolderIsFullyAnalysedAndQuiet() throws Exception {
    List<FileResult> results = scan(fixture("hf/bert_benign"));
    Map<String, String> formats = results.stream().collect(Collectors.toMap(r -> r.path().substring(r.path().lastIndexOf('/') + 1), FileResult::format));
    assertThat(formats)
        .containsEntry("config.json", "hf-config")
        .containsEntry("tokenizer_config.json", "hf-config")
        .containsEntry("generation_config.json", "hf-config")
        .containsEntry("model.safetensors.index.json", "hf-config")
        .containsEntry("tokenizer.json", "json")
        .containsEntry("special_tokens_map.json", "json")
        .containsEntry("vocab.txt", "text")
        .containsEntry("README.md", "text");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.verdict()).as(r.path()).isEqualTo(Verdict.CLEAN);
      assertThat(r.findings()).isEmpty();
    });
  }

  @Test
  void autoMapWithBenignLocalCodeIsMediumOnly() throws Exception {
    FileResult r = scanOne(fixture("hf/remote_code_benign/config.json"));
    Finding f = first(r, "hf.remote-code").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).contains("auto_map.AutoModel -> modeling_tiny.TinyModel");
    assertThat(r.worst()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void autoMapPointingAtMaliciousModuleCarriesItsWorstSeverity() throws Exception {
    FileResult r = scanOne(fixture("hf/remote_code_malicious/config.json"));
    Finding f = first(r, "hf.remote-code-dangerous").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).contains("os.system (line 13)", "subprocess.Popen");
  }

  @Test
  void missingModuleIsHigh() throws Exception {
    FileResult r = scanOne(fixture("hf/remote_code_missing/config.json"));
    assertThat(first(r, "hf.remote-code-missing").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    assertThat(first(r, "hf.remote-code-missing").orElseThrow().evidence()).isEqualTo("modeling_tiny.TinyModel");
    assertThat(first(r, "hf.remote-code-missing").orElseThrow().message()).contains("modeling_tiny.py");
  }

  @Test
  void codeFromAnotherRepositoryIsHigh() throws Exception {
    FileResult r = scanOne(fixture("hf/remote_code_other_repo/config.json"));
    assertThat(first(r, "hf.remote-code-other-repo").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    assertThat(first(r, "hf.remote-code-other-repo").orElseThrow().message()).contains("someone/other-repo");
    assertThat(first(r, "hf.remote-code-missing")).isEmpty();
  }

  @Test
  void configInsideAnArchiveCannotCheckSiblingsButStillReportsAutoMap() throws Exception {
    byte[] b = java.nio.file.Files.readAllBytes(fixture("hf/remote_code_missing/config.json"));
    FileResult r = scanBytes("repo.zip!/config.json", b).get(0);
    assertThat(first(r, "hf.remote-code").orElseThrow().message()).contains("could not be checked");
    assertThat(first(r, "hf.remote-code-missing")).isEmpty();
  }

  @Test
  void weightMapEntriesOutsideTheFolderAreHigh() throws Exception {
    FileResult r = scanOne(fixture("hf/weight_map_escape/model.safetensors.index.json"));
    List<Finding> hits = r.findings().stream().filter(f -> f.ruleId().equals("hf.weight-map-escape")).toList();
    assertThat(hits).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    List<String> escaped = hits.stream().map(Finding::evidence).toList();
    assertThat(escaped).containsExactlyInAnyOrder("../../../home/user/.ssh/id_rsa", "/etc/shadow");
  }

  @Test
  void escapeDetectionCoversDrivesAndUrls() {
    assertThat(HfConfigScanner.escapes("C:\\Windows\\x.bin")).isTrue();
    assertThat(HfConfigScanner.escapes("https://host/x.safetensors")).isTrue();
    assertThat(HfConfigScanner.escapes("sub/..")).isTrue();
    assertThat(HfConfigScanner.escapes("model-00001-of-00002.safetensors")).isFalse();
    assertThat(HfConfigScanner.escapes("sub/model..safetensors")).isFalse();
  }

  @Test
  void tokenizerAutoMapListsAndTrustFlagAndCustomPipelines() {
    String json = "{\"tokenizer_class\":\"XTokenizer\",\"auto_map\":{\"AutoTokenizer\":[\"tokenization_x.XTokenizer\",null]},\"trust_remote_code\":true,"
        + "\"custom_pipelines\":{\"text-x\":{\"impl\":\"pipeline_x.XPipeline\",\"pt\":[\"AutoModel\"]}}}";
    FileResult r = scanBytes("tokenizer_config.json", json.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(r.format()).isEqualTo("hf-config");
    assertThat(first(r, "hf.remote-code").orElseThrow().evidence()).contains("tokenization_x.XTokenizer", "pipeline_x.XPipeline");
    assertThat(first(r, "hf.trust-remote-code-flag")).isPresent();
    assertThat(first(r, "hf.custom-pipeline").orElseThrow().message()).contains("text-x");
  }

  @Test
  void chatTemplateKeyBeyondTheHeadStillGetsHuggingFaceChecks() {
    StringBuilder big = new StringBuilder("{\"vocab_like\":{");
    for (int i = 0; i < 20_000; i++) big.append(i == 0 ? "" : ",").append("\"tok").append(i).append("\":").append(i);
    big.append("},\"auto_map\":{\"AutoModel\":\"modeling_x.X\"}}");
    FileResult r = scanBytes("odd.json", big.toString().getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(r.format()).isEqualTo("json");
    assertThat(first(r, "hf.remote-code")).isPresent();
  }

  @Test
  void modelauditJsonSamplesProduceNoMediumFindings() throws Exception {
    java.nio.file.Path manifests = SharedCorpus.require("peers/modelaudit/tests/assets/samples/manifests");
    for (FileResult r : scan(manifests)) {
      assertThat(r.verdict()).as(r.path()).isNotEqualTo(Verdict.INCONCLUSIVE);
      if (r.path().endsWith("suspicious_config.json")) {
        // labelled "unknown" in the manifest; it carries an 'rm -rf /' string, which the generic
        // payload checks rightly report
        assertThat(r.findings()).extracting(f -> f.ruleId()).contains("payload.shell-command");
        continue;
      }
      assertThat(quiet(r)).as(r.path()).isTrue();
    }
  }
}
