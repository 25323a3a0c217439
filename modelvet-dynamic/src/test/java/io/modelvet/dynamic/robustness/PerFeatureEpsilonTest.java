package io.modelvet.dynamic.robustness;

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
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 12: breast_cancer features span 0.001 to 2944, so the default epsilons are a
 * fraction of each feature's own range. A perturbation at epsilon e never moves feature j by more
 * than e x range(j), the narrowest feature is still perturbed (by a share of its range comparable
 * to the widest one's), and the report names the scaling.
 */
class PerFeatureEpsilonTest {
  static final Dataset DATA = DataLoader.load(Fixtures.path("breast_cancer_test.csv"), new DataSpec("target", List.of("clinic", "age_band"), List.of()));
  static final InputDomain DOM = InputDomain.fromData(DATA.x());

  static int narrowest() {
    int k = 0;
    for (int j = 1; j < DOM.size(); j++) if (DOM.range(j) < DOM.range(k)) k = j;
    return k;
  }

  static int widest() {
    int k = 0;
    for (int j = 1; j < DOM.size(); j++) if (DOM.range(j) > DOM.range(k)) k = j;
    return k;
  }

  @Test
  void theFixtureHasFeaturesOnVeryDifferentScales() {
    assertThat(DOM.range(widest()) / DOM.range(narrowest())).isGreaterThan(1e4);
  }

  /** The noise baseline through the scaled classifier: every feature moves by at most e x its range, the narrowest too. */
  @Test
  void noiseStaysWithinEachFeaturesShareOfItsRange() {
    FeatureScaling s = FeatureScaling.perFeatureRange(DOM);
    double e = 0.05;
    double[][] z = new double[20][];
    int[] y = new int[20];
    for (int i = 0; i < 20; i++) {
      z[i] = s.toAttack(DATA.x()[i]);
      y[i] = DATA.y()[i];
    }
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("breast_cancer_lr.onnx"), DOM, 1, 2)) {
      // label 1 - y makes every noisy point "adversarial", so the attack returns a point for every row
      int[] other = new int[20];
      for (int i = 0; i < 20; i++) other[i] = 1 - m.predict(new double[][] {DATA.x()[i]})[0];
      AttackResult[] r = new RandomNoise(Norm.LINF, e, 5).run(s.wrap(m), s.attackDomain(), z, other, new SplittableRandom(7));
      double narrowMoved = 0;
      for (int i = 0; i < r.length; i++) {
        if (r[i].adversarial() == null) continue;
        double[] adv = s.toData(r[i].adversarial());
        for (int j = 0; j < DOM.size(); j++)
          assertThat(Math.abs(adv[j] - DATA.x()[i][j])).as("row %d feature %s", i, DATA.featureNames()[j]).isLessThanOrEqualTo(e * DOM.range(j) * (1 + 1e-9));
        narrowMoved = Math.max(narrowMoved, Math.abs(adv[narrowest()] - DATA.x()[i][narrowest()]) / DOM.range(narrowest()));
      }
      assertThat(narrowMoved).as("share of its range the narrowest feature moved").isGreaterThan(0.5 * e);
    }
  }

  /** End to end with default epsilons: flipped inputs respect e x range(j) per feature, and the report says per-feature range. */
  @Test
  void defaultRunPerturbsPerFeatureAndSaysSo() {
    TestConfig cfg = new TestConfig(Set.of("robustness"), Norm.LINF, List.of(), 300, 20, 0, 1, 200, new Thresholds());
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("breast_cancer_lr.onnx"), DOM, 1, 2)) {
      TestResult r = RobustnessTest.run(m, DOM, DATA, cfg, Progress.NONE);
      RobustnessDetails d = (RobustnessDetails) r.details();
      System.out.printf("breast_cancer robustness, default eps: %s; HopSkipJump median %s (scaled units)%n", r.summary(), r.metrics().get("hopSkipJumpMedianDistance"));
      assertThat(d.epsilonScale()).isEqualTo("per-feature range");
      assertThat(r.parameters()).containsEntry("epsilonScale", "per-feature range");
      assertThat(r.parameters().get("epsilons")).isEqualTo(List.of(0.01, 0.02, 0.05, 0.1, 0.2));
      assertThat(r.summary()).contains("as a fraction of each feature's range");
      assertThat(d.examples()).isNotEmpty();
      for (RobustnessDetails.FlipExample ex : d.examples()) {
        double worstShare = 0;
        for (int j = 0; j < DOM.size(); j++) {
          double share = Math.abs(ex.adversarial()[j] - ex.original()[j]) / DOM.range(j);
          assertThat(share).as("%s row %d feature %s", ex.attack(), ex.row(), DATA.featureNames()[j]).isLessThanOrEqualTo(ex.distance() * (1 + 1e-9));
          worstShare = Math.max(worstShare, share);
        }
        // the reported distance is the largest per-feature share of range
        assertThat(worstShare).isCloseTo(ex.distance(), org.assertj.core.data.Offset.offset(1e-9));
      }
      RobustnessDetails.FlipExample first = d.examples().get(0);
      assertThat(Math.abs(first.adversarial()[narrowest()] - first.original()[narrowest()])).as("narrowest feature perturbed").isGreaterThan(0);
    }
  }

  /** User-given epsilons keep their meaning in data units. */
  @Test
  void userEpsilonsStayInDataUnits() {
    TestConfig cfg = new TestConfig(Set.of("robustness"), Norm.LINF, List.of(0.5), 100, 5, 0, 1, 200, new Thresholds());
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("breast_cancer_lr.onnx"), DOM, 1, 2)) {
      TestResult r = RobustnessTest.run(m, DOM, DATA, cfg, Progress.NONE);
      assertThat(((RobustnessDetails) r.details()).epsilonScale()).isEqualTo("data units");
      assertThat(r.summary()).contains("in data units");
    }
  }
}
