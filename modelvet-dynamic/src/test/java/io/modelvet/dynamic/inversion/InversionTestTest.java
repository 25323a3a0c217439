package io.modelvet.dynamic.inversion;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Attribute inference of the binary column s (prior P(s=1) = 0.3): a model trained with s (the
 * label depends strongly on it) reveals it; a model trained with s replaced by noise does not.
 * Image models get class reconstructions the model is confident about.
 */
class InversionTestTest {
  static TestResult attribute(String model) {
    Dataset data = DataLoader.load(Fixtures.path("round2/attr.csv"), new DataSpec("target", List.of(), List.of()));
    InputDomain dom = InputDomain.fromData(data.x());
    TestConfig cfg = new TestConfig(Set.of("inversion"), Norm.LINF, List.of(), 1000, 100, 0, 1, 200, new Thresholds(), 10_000, "s");
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/" + model), dom, 1, 2)) {
      return InversionTest.run(m, dom, data, cfg, Progress.NONE);
    }
  }

  static double advantage(TestResult r) {
    return ((Number) r.metrics().get("advantage")).doubleValue();
  }

  @Test
  void modelTrainedWithTheAttributeRevealsIt() {
    TestResult r = attribute("attr_with.onnx");
    InversionDetails.AttributeResult a = ((InversionDetails) r.details()).attribute();
    System.out.println("attr_with: " + a.attacks());
    assertThat(a.values()).containsExactly(0.0, 1.0);
    assertThat(a.attacks().get(0).accuracy()).isBetween(0.6, 0.8); // prior-only baseline: P(s=0) about 0.7
    assertThat(advantage(r)).isGreaterThan(0.1);
    assertThat(((Number) r.metrics().get("inferenceAuc")).doubleValue()).isGreaterThan(0.75);
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.id()).isEqualTo("inversion.attribute-inference");
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    });
  }

  @Test
  void modelTrainedWithoutTheAttributeDoesNot() {
    TestResult r = attribute("attr_without.onnx");
    System.out.println("attr_without: " + ((InversionDetails) r.details()).attribute().attacks());
    assertThat(advantage(r)).isBetween(-0.03, 0.03);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void imageModelGetsConfidentClassReconstructions() {
    Dataset data = DataLoader.load(Fixtures.path("round2/bd_data.npz"), new DataSpec("y", List.of(), List.of()));
    InputDomain dom = InputDomain.uniform(64, 0, 16, "--bounds 0,16");
    TestConfig cfg = new TestConfig(Set.of("inversion"), Norm.LINF, List.of(), 400, 100, 0, 1, 200, new Thresholds());
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/bd_clean_s0.onnx"), dom, 1, 10)) {
      TestResult r = InversionTest.run(m, dom, data, cfg, Progress.NONE);
      InversionDetails d = (InversionDetails) r.details();
      assertThat(d.reconstructions()).hasSize(10);
      for (InversionDetails.Reconstruction c : d.reconstructions()) {
        assertThat(c.queries()).isLessThanOrEqualTo(2000);
        assertThat(m.predict(new double[][] {c.image()})[0]).isEqualTo(c.target());
        assertThat(c.nearestDistance()).isPositive();
        for (double v : c.image()) assertThat(v).isBetween(0.0, 16.0);
      }
    }
  }
}
