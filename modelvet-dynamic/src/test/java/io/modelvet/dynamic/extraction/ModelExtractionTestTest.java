package io.modelvet.dynamic.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.dynamic.robustness.Norm;
import io.modelvet.report.Severity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Model extraction: exact equation solving on a logistic regression, fidelity curve on an MLP. */
class ModelExtractionTestTest {

  /** Tramer et al.: a 12-feature logistic regression returning probabilities, weights to 1e-6 from 13 queries. */
  @Test
  void equationSolvingRecoversLogisticRegressionWeights() throws Exception {
    JsonNode j = new ObjectMapper().readTree(Fixtures.path("round2/box_lr_proba64.json").toFile());
    InputDomain dom = InputDomain.uniform(12, 0, 1, "test");
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/box_lr_proba64.onnx"), dom, 1, 2)) {
      long q0 = m.queries();
      EquationSolving.Result r = EquationSolving.run(m, dom, 4);
      assertThat(m.queries() - q0).isEqualTo(13 + EquationSolving.CHECK_QUERIES).isEqualTo(r.queries());
      assertThat(r.linear()).isTrue();
      for (int k = 0; k < 12; k++) assertThat(r.weights()[0][k]).as("w%d", k).isCloseTo(j.get("w").get(k).asDouble(), within(1e-6));
      assertThat(r.biases()[0]).isCloseTo(j.get("b").asDouble(), within(1e-6));
    }
  }

  @Test
  void equationSolvingRejectsANonLinearModel() {
    InputDomain dom = InputDomain.uniform(64, 0, 16, "test");
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/mia_mlp.onnx"), dom, 1, 10)) {
      EquationSolving.Result r = EquationSolving.run(m, dom, 4);
      assertThat(r.linear()).isFalse();
      assertThat(r.maxResidual()).isGreaterThan(1e-2);
    }
  }

  @Test
  void surrogateFidelityGrowsWithQueriesOnADigitsMlp() {
    Dataset data = DataLoader.load(Fixtures.path("round2/bd_data.npz"), new DataSpec("y", List.of(), List.of()));
    InputDomain dom = InputDomain.uniform(64, 0, 16, "--bounds 0,16");
    TestConfig cfg = new TestConfig(Set.of("extraction"), Norm.LINF, List.of(), 1000, 100, 0, 1, 200, new Thresholds(), 3000, null);
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/bd_clean_s0.onnx"), dom, 1, 10)) {
      long q0 = m.queries();
      TestResult r = ModelExtractionTest.run(m, dom, data, cfg, Progress.NONE);
      ExtractionDetails d = (ExtractionDetails) r.details();
      System.out.println("extraction curve " + d.curve() + " victim accuracy " + d.victimAccuracy());
      assertThat(d.curve()).extracting(ExtractionDetails.CurvePoint::queries).containsExactly(100, 300, 1000, 3000);
      assertThat(d.curve().get(3).fidelity()).isGreaterThan(d.curve().get(0).fidelity()).isGreaterThan(0.85);
      assertThat(d.equationSolving().linear()).isFalse();
      assertThat(m.queries() - q0).isEqualTo(ModelExtractionTest.queryCost(3000, d.heldOut(), 64, true)).isEqualTo(((Number) r.metrics().get("queries")).longValue());
      assertThat(r.findings()).anySatisfy(f -> {
        assertThat(f.id()).isEqualTo("extraction.surrogate-fidelity");
        assertThat(f.severity()).isIn(Severity.MEDIUM, Severity.LOW);
      });
    }
  }
}
