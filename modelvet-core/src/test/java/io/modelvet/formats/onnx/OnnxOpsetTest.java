package io.modelvet.formats.onnx;

import static io.modelvet.formats.graph.GraphFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operator versions against the declared opset imports (fixtures from
 * fixtures/generators/graph/gen_onnx_opsets.py, built with onnx.helper 1.12).
 */
class OnnxOpsetTest {

  @ParameterizedTest
  @ValueSource(strings = {"opsets/benign/ml_linear.onnx", "opsets/benign/ir3_opset7.onnx", "opsets/benign/ir2_no_opset_import.onnx",
      "opsets/benign/trilu_opset14.onnx", "opsets/benign/lstm_opset8.onnx", "benign/local_function.onnx", "benign/mixed_net.onnx", "benign/tiny_mlp.onnx", "benign/ort_contrib.onnx"})
  void modelsAsExportersWriteThemRaiseNoOpsetFinding(String rel) throws IOException {
    FileResult r = scanOne("onnx/" + rel);
    assertThat(r.findings()).as(r.findings().toString()).noneMatch(f -> f.ruleId().startsWith("onnx.op-") || f.ruleId().startsWith("onnx.opset-"));
    assertThat(r.findings()).as(r.findings().toString()).allMatch(f -> f.severity().compareTo(Severity.MEDIUM) < 0);
    assertThat(r.verdict()).isNotEqualTo(Verdict.INCONCLUSIVE);
  }

  @ParameterizedTest
  @CsvSource({
    "ml_domain_not_imported.onnx, onnx.opset-missing, ai.onnx.ml::LinearRegressor; opset_import: ai.onnx=13",
    "default_domain_not_imported.onnx, onnx.opset-missing, Relu; opset_import: ai.onnx.ml=1",
    "opset_999.onnx, onnx.opset-version-unknown, opset_import ai.onnx=999; highest released 26",
    "trilu_opset11.onnx, onnx.op-not-in-opset, Trilu since 14; imported 11"
  })
  void opsetImportsThatContradictTheNodesAreLow(String file, String rule, String evidence) throws IOException {
    FileResult r = scanOne("onnx/opsets/malformed/" + file);
    Finding f = r.findings().stream().filter(x -> x.ruleId().equals(rule)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + rule + " in " + r.findings()));
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.evidence()).isEqualTo(evidence);
    assertThat(r.findings()).allMatch(x -> x.severity().compareTo(Severity.MEDIUM) < 0);
  }
}
