package io.modelvet.formats.graph;

import io.modelvet.formats.common.ReviewedList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.formats.common.tensorflow.TfOpCatalog;
import io.modelvet.report.Severity;
import io.modelvet.rules.Rule;
import io.modelvet.rules.RuleCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reviewed data files and rule files of the graph formats load and say what they should. */
class GraphDataFilesTest {

  @Test
  void everyReviewedListLoadsWithReasonsAndWithoutDuplicates() {
    String[][] files = {
      {"/io/modelvet/onnx/standard-ops-extra.tsv", "4", "3"},
      {"/io/modelvet/onnx/op-domains.tsv", "3", "2"},
      {"/io/modelvet/onnx/ort-contrib-ops.tsv", "2", "1"},
      {"/io/modelvet/tensorflow/dangerous-ops.tsv", "4", "3"},
      {"/io/modelvet/tensorflow/known-ops.tsv", "2", "1"},
      {"/io/modelvet/tflite/known-custom-ops.tsv", "2", "1"},
    };
    for (String[] f : files) {
      List<String[]> rows = ReviewedList.load(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]));
      assertThat(rows).as(f[0]).isNotEmpty();
      Set<String> keys = new HashSet<>();
      for (String[] row : rows) assertThat(keys.add(row[0] + "\t" + row[1])).as(f[0] + " duplicate " + row[0]).isTrue();
    }
    assertThat(ReviewedList.load("/io/modelvet/onnx/standard-ops.tsv", 3, -1)).hasSizeGreaterThan(190);
  }

  @Test
  void aListWithoutAReasonIsRejected() {
    assertThatThrownBy(() -> ReviewedList.load("/fixtures/graph/bad-list.tsv", 2, 1)).hasMessageContaining("without a reason");
  }

  @Test
  void tensorflowCatalogClassifiesTheOpsTheRulesDependOn() {
    TfOpCatalog c = TfOpCatalog.get();
    assertThat(c.danger("WriteFile").severity()).isEqualTo(Severity.HIGH);
    assertThat(c.danger("EagerPyFunc").severity()).isEqualTo(Severity.HIGH);
    assertThat(c.danger("ReadFile").severity()).isEqualTo(Severity.MEDIUM);
    assertThat(c.danger("SaveV2").isCheckpoint()).isTrue();
    assertThat(c.danger("MatMul")).isNull();
    assertThat(c.isKnown("MatMul")).isTrue();
    assertThat(c.isKnown("StatefulPartitionedCall")).isTrue();
    assertThat(c.isKnown("MyCustomKernelOp")).isFalse();
  }

  @Test
  void graphRulesAreInTheCatalogWithTheirFamilyPrefix() {
    Set<String> ids = new HashSet<>();
    for (Rule r : RuleCatalog.get().all()) ids.add(r.id());
    assertThat(ids).contains("onnx.external-data-path-traversal", "onnx.custom-op-domain", "tf.dangerous-op", "tf.keras-lambda-layer",
        "tf.checkpoint-entry-out-of-range", "tflite.custom-op", "tflite.flex-dangerous-op", "tflite.buffer-out-of-range");
    assertThat(RuleCatalog.rule("onnx.external-data-path-traversal").severity()).isEqualTo(Severity.HIGH);
    assertThat(RuleCatalog.rule("onnx.external-data-path-traversal").cwe()).isEqualTo("CWE-22");
  }
}
