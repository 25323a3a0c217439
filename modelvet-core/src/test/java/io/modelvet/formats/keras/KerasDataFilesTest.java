package io.modelvet.formats.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.formats.common.ReviewedData;
import io.modelvet.report.Severity;
import io.modelvet.rules.RuleCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KerasDataFilesTest {

  @ParameterizedTest
  @CsvSource({
    "/io/modelvet/keras/builtin-classes.tsv, 2",
    "/io/modelvet/keras/allowed-modules.tsv, 2",
    "/io/modelvet/keras/gadgets.tsv, 3",
    "/io/modelvet/keras/vocabulary-layers.tsv, 2",
    "/io/modelvet/keras/code-names.tsv, 2",
    "/io/modelvet/keras/tf-functions.tsv, 2",
    "/io/modelvet/huggingface/python-calls.tsv, 5",
    "/io/modelvet/huggingface/python-risky-imports.tsv, 2",
    "/io/modelvet/huggingface/config-keys.tsv, 2"
  })
  void everyDataFileHasReasonsAndNoDuplicates(String resource, int columns) {
    List<String[]> rows = ReviewedData.load(resource, columns);
    assertThat(rows).isNotEmpty();
    Set<String> seen = new HashSet<>();
    for (String[] r : rows) {
      assertThat(seen.add(r[0])).as("duplicate entry " + r[0] + " in " + resource).isTrue();
      assertThat(r[columns - 1]).as("reason of " + r[0]).hasSizeGreaterThan(8);
    }
  }

  @Test
  void severitiesInDataFilesParse() {
    for (String[] r : ReviewedData.load("/io/modelvet/keras/gadgets.tsv", 3)) assertThat(Severity.parse(r[1])).isNotNull();
    for (String[] r : ReviewedData.load("/io/modelvet/huggingface/python-calls.tsv", 5)) {
      assertThat(Severity.parse(r[1]).atLeast(Severity.parse(r[2]))).as(r[0] + ": import-time severity below in-function").isTrue();
    }
  }

  @Test
  void aRowWithoutReasonIsRejected() {
    assertThatThrownBy(() -> ReviewedData.load("/io/modelvet/keras/gadgets.tsv", 4)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void allRulesOfBothFamiliesAreInTheCatalog() {
    for (String id : List.of("keras.lambda-layer", "keras.lambda-dangerous-code", "keras.untrusted-module", "keras.dangerous-function", "keras.gadget", "keras.custom-object", "keras.vocabulary-path", "keras.tf-op-file-access", "keras.archive-unexpected-member", "keras.archive-path-traversal", "hf.remote-code", "hf.remote-code-other-repo", "hf.remote-code-missing", "hf.remote-code-dangerous", "hf.custom-pipeline", "hf.trust-remote-code-flag", "hf.weight-map-escape", "hf.python-import-time-call", "hf.python-call-in-function", "hf.python-decode-exec", "hf.python-risky-import"))
      assertThat(RuleCatalog.get().contains(id)).as(id).isTrue();
  }

  @Test
  void tfsmLayerIsAGadgetNotACustomClass() {
    String json = "{\"module\":\"keras.layers\",\"class_name\":\"TFSMLayer\",\"config\":{\"name\":\"t\",\"filepath\":\"gs://bucket/saved_model\"},\"registered_name\":null}";
    var r = KerasFixtures.scanBytes("config.json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(0);
    assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("keras.gadget"));
  }
}
