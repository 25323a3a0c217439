package io.modelvet.dynamic.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelvet.dynamic.ThresholdModel;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OutputKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The random-noise baseline on a model that says 1 when the first feature is at least 0.5. Its
 * promises: every try lies on the surface of the epsilon ball (an L-inf vertex: every feature moved
 * by exactly +-eps; an L2 direction of length eps), clipped to the bounds; a point flips only if
 * the boundary is within reach; all tries of all points go out in one batch of points x trials.
 */
class RandomNoiseTest {
  static final InputDomain BOX = InputDomain.uniform(3, 0, 1, "test");
  static final int TRIALS = 20;

  static AttackResult[] attack(Norm norm, double eps, double[][] x, int[] y, ThresholdModel m) {
    return new RandomNoise(norm, eps, TRIALS).run(m, BOX, x, y, new SplittableRandom(4));
  }

  @Test
  void linfTriesAreVerticesOfTheBallAndFlipWhenTheBoundaryIsInReach() {
    ThresholdModel m = new ThresholdModel(3, 0.5, OutputKind.LABELS);
    double[] x = {0.45, 0.3, 0.7}; // class 0, 0.05 from the boundary along feature 0
    AttackResult r = attack(Norm.LINF, 0.06, new double[][] {x}, new int[] {0}, m)[0];
    assertThat(r.success()).isTrue();
    assertThat(r.adversarialLabel()).isEqualTo(1);
    assertThat(r.queries()).isEqualTo(TRIALS);
    for (int j = 0; j < 3; j++) assertThat(Math.abs(r.adversarial()[j] - x[j])).as("feature %d", j).isCloseTo(0.06, within(1e-12));
    assertThat(r.adversarial()[0]).isCloseTo(0.51, within(1e-12)); // the +eps side of feature 0
    assertThat(r.distance()).isCloseTo(0.06, within(1e-12));
    assertThat(m.queries()).isEqualTo(TRIALS);
  }

  @Test
  void linfNoiseNeverFlipsAPointFartherThanEps() {
    ThresholdModel m = new ThresholdModel(3, 0.5, OutputKind.LABELS);
    AttackResult r = attack(Norm.LINF, 0.04, new double[][] {{0.45, 0.3, 0.7}}, new int[] {0}, m)[0];
    assertThat(r.success()).isFalse();
    assertThat(r.adversarial()).isNull();
    assertThat(r.adversarialLabel()).isEqualTo(-1);
    assertThat(r.distance()).isInfinite();
    assertThat(r.queries()).isEqualTo(TRIALS);
  }

  @Test
  void l2TriesHaveLengthEpsAndReachTheBoundaryOnlyInItsDirection() {
    // 0.05 from the boundary, eps 0.1: a random direction u flips iff u_0 > 0.5, i.e. within 60
    // degrees of the normal: the cap of a 3-sphere with that angle is (1 - cos 60)/2 = a quarter of
    // all directions, so 20 tries miss with probability 0.75^20 = 0.3 %; with this seed they hit.
    ThresholdModel m = new ThresholdModel(3, 0.5, OutputKind.LABELS);
    double[] x = {0.45, 0.5, 0.5};
    AttackResult r = attack(Norm.L2, 0.1, new double[][] {x}, new int[] {0}, m)[0];
    assertThat(r.success()).isTrue();
    assertThat(r.distance()).isCloseTo(0.1, within(1e-12));
    assertThat(Norm.L2.distance(r.adversarial(), x)).isCloseTo(0.1, within(1e-12));
    assertThat(r.adversarial()[0]).isGreaterThanOrEqualTo(0.5);
    // beyond reach: 0.05 away with eps 0.049
    assertThat(attack(Norm.L2, 0.049, new double[][] {x}, new int[] {0}, m)[0].success()).isFalse();
  }

  @Test
  void l2HitRateMatchesTheSphericalCap() {
    // Many points at distance 0.05 with eps 0.1: each single try flips with probability 1/4 (see
    // above), so a point survives all 20 tries with probability 0.75^20 = 0.00317. Over 2 000
    // points the expected survivors are 6.3 (binomial sd 2.5): accept 0 to 20. A direction drawn
    // with a bias (not uniform on the sphere) or tries of the wrong length move this far off.
    ThresholdModel m = new ThresholdModel(3, 0.5, OutputKind.LABELS);
    int n = 2000;
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) x[i] = new double[] {0.45, 0.5, 0.5};
    AttackResult[] r = new RandomNoise(Norm.L2, 0.1, 1).run(m, BOX, x, y, new SplittableRandom(8));
    long hits = java.util.Arrays.stream(r).filter(AttackResult::success).count();
    // one try per point: hits ~ Binomial(2000, 1/4), mean 500, sd 19.4: accept +-4 sd
    assertThat(hits).isBetween(422L, 578L);
    AttackResult[] twenty = new RandomNoise(Norm.L2, 0.1, TRIALS).run(m, BOX, x, y, new SplittableRandom(9));
    long survivors = java.util.Arrays.stream(twenty).filter(a -> !a.success()).count();
    assertThat(survivors).isBetween(0L, 20L);
    assertThat(m.queries()).isEqualTo(n + (long) n * TRIALS);
  }

  @Test
  void triesAreClippedToTheBounds() {
    ThresholdModel m = new ThresholdModel(3, 0.5, OutputKind.LABELS);
    double[] x = {0.98, 0.01, 0.5}; // class 1; the boundary is 0.48 away
    AttackResult[] r = attack(Norm.LINF, 0.5, new double[][] {x}, new int[] {1}, m);
    assertThat(r[0].success()).isTrue();
    double[] adv = r[0].adversarial();
    assertThat(adv[0]).isCloseTo(0.48, within(1e-12));
    assertThat(adv[1]).isIn(0.0, 0.51); // -eps clipped to 0, or +eps
    assertThat(adv[2]).isIn(0.0, 1.0);
    for (double v : adv) assertThat(v).isBetween(0.0, 1.0);
    assertThat(r[0].distance()).isEqualTo(Norm.LINF.distance(adv, x)); // measured after clipping
  }

  @Test
  void eachPointIsJudgedAgainstItsOwnLabel() {
    ThresholdModel m = new ThresholdModel(3, 0.5, OutputKind.LABELS);
    double[][] x = {{0.45, 0.5, 0.5}, {0.9, 0.5, 0.5}, {0.52, 0.5, 0.5}};
    AttackResult[] r = attack(Norm.LINF, 0.06, x, new int[] {0, 1, 1}, m);
    assertThat(r).extracting(AttackResult::success).containsExactly(true, false, true);
    assertThat(r[2].adversarialLabel()).isZero();
    assertThat(m.queries()).isEqualTo(3L * TRIALS);
  }
}
