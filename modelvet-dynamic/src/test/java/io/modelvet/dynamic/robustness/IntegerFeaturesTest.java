package io.modelvet.dynamic.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Integer/categorical features stay valid during attacks: the tabular model takes a, c (real) and
 * the binary code s; with s marked integer every point an attack returns has s in {0, 1}, and a
 * success whose rounding stretched the perturbation beyond epsilon does not count at epsilon.
 */
class IntegerFeaturesTest {
  static final InputDomain DOM = new InputDomain(new double[] {-4, -4, 0}, new double[] {4, 4, 1}, null, null, "test", new boolean[] {false, false, true});

  @Test
  void clipRoundsIntegerFeaturesInsideTheBounds() {
    InputDomain d = new InputDomain(new double[] {-0.5, 0.2}, new double[] {3.7, 9}, null, null, "t", new boolean[] {true, false});
    assertThat(d.clip(new double[] {-0.4, 0.5})).containsExactly(0.0, 0.5);
    assertThat(d.clip(new double[] {3.6, 10})).containsExactly(3.0, 9.0);
    assertThat(d.clip(new double[] {1.5, 1})).containsExactly(2.0, 1.0);
  }

  @Test
  void attacksKeepTheCodeValid() {
    Dataset data = DataLoader.load(Fixtures.path("round2/attr.csv"), new DataSpec("target", List.of(), List.of()));
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/attr_with.onnx"), DOM, 1, 2)) {
      int[] pred = m.predict(data.x());
      List<double[]> xs = new ArrayList<>();
      List<Integer> ys = new ArrayList<>();
      for (int i = 0; i < data.rows() && xs.size() < 40; i++) {
        if (pred[i] == data.y()[i]) {
          xs.add(data.x()[i]);
          ys.add(data.y()[i]);
        }
      }
      double[][] x = xs.toArray(new double[0][]);
      int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
      SplittableRandom rng = new SplittableRandom(1);
      List<AttackResult> all = new ArrayList<>();
      for (Norm norm : Norm.values()) {
        all.addAll(List.of(new SquareAttack(norm, 0.6, 300, 0.3).run(m, DOM, x, y, rng)));
        all.addAll(List.of(new RandomNoise(norm, 0.6, 20).run(m, DOM, x, y, rng)));
        HopSkipJump hsj = HopSkipJump.withBudget(norm, 500);
        for (int i = 0; i < x.length; i++) all.add(hsj.run(m, DOM, x[i], y[i], RobustnessTest.otherClassStarts(xs, ys, y[i]), rng));
      }
      int successes = 0;
      for (AttackResult r : all) {
        if (r.adversarial() == null) continue;
        double s = r.adversarial()[2];
        assertThat(s == 0.0 || s == 1.0).as("s = %s", s).isTrue();
        if (r.success()) successes++;
        if (r.success() && r.distance() > 0.6 * (1 + 1e-9)) assertThat(RobustnessTest.within(r, 0.6)).isFalse();
      }
      assertThat(successes).isPositive();
    }
  }

  /**
   * Issue 9 item 12: in the per-feature range space the wrapper rounds the code back in data units,
   * so s stays in {0, 1}; a success counted within ε moved no feature by more than ε × its range
   * (flipping s costs its whole range, 1 in scaled units, so it never counts at ε = 0.3).
   */
  @Test
  void perFeatureScalingKeepsTheCodeValid() {
    Dataset data = DataLoader.load(Fixtures.path("round2/attr.csv"), new DataSpec("target", List.of(), List.of()));
    FeatureScaling scaling = FeatureScaling.perFeatureRange(DOM);
    double e = 0.3;
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/attr_with.onnx"), DOM, 1, 2)) {
      int[] pred = m.predict(data.x());
      List<double[]> zs = new ArrayList<>();
      List<double[]> xs = new ArrayList<>();
      List<Integer> ys = new ArrayList<>();
      for (int i = 0; i < data.rows() && zs.size() < 40; i++) {
        if (pred[i] == data.y()[i]) {
          xs.add(data.x()[i]);
          zs.add(scaling.toAttack(data.x()[i]));
          ys.add(data.y()[i]);
        }
      }
      double[][] z = zs.toArray(new double[0][]);
      int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
      AttackResult[] r = new SquareAttack(Norm.LINF, e, 300, 0.3).run(scaling.wrap(m), scaling.attackDomain(), z, y, new SplittableRandom(3));
      int within = 0;
      for (int i = 0; i < r.length; i++) {
        AttackResult settled = scaling.settle(r[i], z[i], Norm.LINF);
        if (settled.adversarial() == null) continue;
        double[] adv = scaling.toData(settled.adversarial());
        assertThat(adv[2] == 0.0 || adv[2] == 1.0).as("s = %s", adv[2]).isTrue();
        if (RobustnessTest.within(settled, e)) {
          within++;
          for (int j = 0; j < adv.length; j++) assertThat(Math.abs(adv[j] - xs.get(i)[j])).isLessThanOrEqualTo(e * DOM.range(j) * (1 + 1e-9));
        }
      }
      assertThat(within).isPositive();
    }
  }
}
