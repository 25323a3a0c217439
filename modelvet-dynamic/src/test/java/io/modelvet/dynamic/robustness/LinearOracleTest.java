package io.modelvet.dynamic.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Analytic oracle: for the linear model f(x) = w.x + b the smallest adversarial perturbation has
 * L2 norm |f(x)|/||w||_2 and L-inf norm |f(x)|/||w||_1 (bounds are wide enough not to bind).
 */
class LinearOracleTest {
  static final int POINTS = 20;
  static LinearFixture fx;
  static OnnxClassifier model;
  static InputDomain domain;
  static double[] w;
  static double b;
  static List<double[]> xs;
  static List<Integer> ys;

  @BeforeAll
  static void load() throws Exception {
    domain = InputDomain.uniform(30, -40, 40, "test");
    fx = new LinearFixture("linear_bc", "linear_bc_test.csv", domain, POINTS);
    model = fx.model;
    w = fx.w;
    b = fx.b;
    xs = fx.xs;
    ys = fx.ys;
  }

  @AfterAll
  static void close() {
    fx.close();
  }

  static double f(double[] x) {
    return fx.f(x);
  }

  static double optimum(double[] x, Norm norm) {
    double n = 0;
    for (double v : w) n += norm == Norm.L2 ? v * v : Math.abs(v);
    return Math.abs(f(x)) / (norm == Norm.L2 ? Math.sqrt(n) : n);
  }

  @Test
  void modelComputesTheLinearFunction() {
    double[][] lp = model.logProbabilities(xs.toArray(new double[0][]));
    for (int i = 0; i < xs.size(); i++) {
      // logits [0, f(x)]: log p1 - log p0 = f(x)
      assertThat(lp[i][1] - lp[i][0]).isCloseTo(f(xs.get(i)), org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void hopSkipJumpL2FindsNearOptimalDistances() {
    assertHopSkipJumpNearOptimum(Norm.L2);
  }

  @Test
  void hopSkipJumpLinfFindsNearOptimalDistances() {
    assertHopSkipJumpNearOptimum(Norm.LINF);
  }

  private void assertHopSkipJumpNearOptimum(Norm norm) {
    HopSkipJump hsj = HopSkipJump.withBudget(norm, 2500);
    SplittableRandom rng = new SplittableRandom(11);
    double[] ratio = new double[xs.size()];
    for (int i = 0; i < xs.size(); i++) {
      double[] x = xs.get(i);
      AttackResult r = hsj.run(model, domain, x, ys.get(i), List.of(), rng);
      assertThat(r.success()).as("point %d", i).isTrue();
      assertThat(r.queries()).isLessThanOrEqualTo(2500);
      assertThat(Math.signum(f(r.adversarial()))).isNotEqualTo(Math.signum(f(x)));
      ratio[i] = r.distance() / optimum(x, norm);
      // nothing can beat the analytic optimum (allow float32 rounding in the model)
      assertThat(ratio[i]).isGreaterThan(1 - 1e-3);
    }
    Arrays.sort(ratio);
    double median = (ratio[ratio.length / 2 - 1] + ratio[ratio.length / 2]) / 2;
    assertThat(median).as("median distance / optimum (%s)", norm).isLessThanOrEqualTo(1.10);
  }

  @Test
  void squareAttackLinfSucceedsJustAboveTheOptimum() {
    assertSquareSucceeds(Norm.LINF);
  }

  /**
   * Square L2 moves mass between smooth pseudo-Gaussian windows; on an unstructured 30-feature
   * linear model it stalls short of the optimal direction, so it is held to 2 x the optimum.
   * Measured over 3 seeds: 0 of 20 points at 1.1 x (even with 5 000 queries), 15-18 of 20 at
   * 1.5 x, 20 of 20 at 2 x (about 50 queries each).
   */
  @Test
  void squareAttackL2SucceedsAtTwiceTheOptimum() {
    assertSquareSucceeds(Norm.L2, 2.0);
  }

  private void assertSquareSucceeds(Norm norm) {
    assertSquareSucceeds(norm, 1.1);
  }

  private void assertSquareSucceeds(Norm norm, double factor) {
    SplittableRandom rng = new SplittableRandom(5);
    int ok = 0;
    for (int i = 0; i < xs.size(); i++) {
      double[] x = xs.get(i);
      double eps = factor * optimum(x, norm);
      AttackResult r = new SquareAttack(norm, eps, 1000, 0.3).run(model, domain, new double[][] {x}, new int[] {ys.get(i)}, rng)[0];
      assertThat(r.queries()).isLessThanOrEqualTo(1000);
      if (r.success()) {
        ok++;
        assertThat(norm.distance(r.adversarial(), x)).isLessThanOrEqualTo(eps * (1 + 1e-9));
        assertThat(Math.signum(f(r.adversarial()))).isNotEqualTo(Math.signum(f(x)));
      }
    }
    assertThat((double) ok / xs.size()).as("Square %s success at %s x optimum", norm, factor).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void squareAttackFailsBelowTheOptimum() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 5; i++) {
      double[] x = xs.get(i);
      AttackResult r = new SquareAttack(Norm.LINF, 0.9 * optimum(x, Norm.LINF), 300, 0.3)
          .run(model, domain, new double[][] {x}, new int[] {ys.get(i)}, rng)[0];
      assertThat(r.success()).isFalse();
    }
  }
}
