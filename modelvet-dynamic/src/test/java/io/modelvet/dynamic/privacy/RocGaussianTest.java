package io.modelvet.dynamic.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Gaussian score model with a known ROC: members ~ N(d, 1), non-members ~ N(0, 1) give
 * AUC = Φ(d/√2) and TPR(α) = 1 − Φ(Φ⁻¹(1−α) − d). Scores are the exact normal quantiles at
 * (i + ½)/n, so the empirical curve converges deterministically (error O(1/n)).
 */
class RocGaussianTest {
  static final int N = 200_000;
  static final double[] STANDARD = new double[N];

  static {
    for (int i = 0; i < N; i++) STANDARD[i] = Normal.inverseCdf((i + 0.5) / N);
  }

  static double[] quantiles(double shift) {
    double[] s = new double[N];
    for (int i = 0; i < N; i++) s[i] = shift + STANDARD[i];
    return s;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5, 1.0, 2.0, 3.0})
  void aucAndLowFprTprMatchTheClosedForm(double d) {
    Roc roc = Roc.of(quantiles(d), quantiles(0));
    assertThat(roc.auc()).isCloseTo(Normal.cdf(d / Math.sqrt(2)), within(1e-3));
    for (double alpha : new double[] {0.01, 0.001}) {
      double expected = 1 - Normal.cdf(Normal.inverseCdf(1 - alpha) - d);
      assertThat(roc.tprAtFpr(alpha)).as("TPR at %s FPR, d=%s", alpha, d).isCloseTo(expected, within(1e-3));
    }
    // best balanced accuracy for equal-variance Gaussians: threshold at d/2
    assertThat(roc.balancedAccuracy()).isCloseTo(Normal.cdf(d / 2), within(1e-3));
  }

  @Test
  void tiesCountHalfAndPerfectSeparationGivesOne() {
    assertThat(Roc.of(new double[] {1, 1}, new double[] {1, 1}).auc()).isEqualTo(0.5);
    assertThat(Roc.of(new double[] {2, 3}, new double[] {0, 1}).auc()).isEqualTo(1.0);
    assertThat(Roc.of(new double[] {0, 1}, new double[] {2, 3}).auc()).isEqualTo(0.0);
    Roc r = Roc.of(new double[] {3, 1}, new double[] {2, 0});
    assertThat(r.auc()).isEqualTo(0.75);
    assertThat(r.tprAtFpr(0.0)).isEqualTo(0.5);
    assertThat(r.advantage()).isEqualTo(0.5);
  }

  @Test
  void normalHelpersAreAccurate() {
    assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-12));
    assertThat(Normal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-9));
    assertThat(Normal.inverseCdf(0.975)).isCloseTo(1.959963984540054, within(1e-8));
    assertThat(Normal.inverseCdf(1e-6)).isCloseTo(-4.753424308822899, within(1e-7));
  }
}
