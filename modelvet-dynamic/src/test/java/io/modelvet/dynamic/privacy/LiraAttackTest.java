package io.modelvet.dynamic.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.report.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiraAttackTest {

  @Test
  void logitConfidenceIsTheLogOdds() {
    double[] lp = {Math.log(0.7), Math.log(0.2), Math.log(0.1)};
    assertThat(LiraAttack.logitConfidence(lp, 0)).isCloseTo(Math.log(0.7 / 0.3), within(1e-12));
  }

  /**
   * A synthetic audit with a closed form. Row i has a difficulty d_i (a grid over [-6, 6], the same
   * for members and non-members, so a global threshold cannot remove it); the target's statistic is
   * φ = d + S·member + σ·z with z the exact normal quantiles (i + ½)/N in a seeded order. The 16
   * reference models are built so that, for every row, the 8 IN values have mean exactly d + S and
   * the 8 OUT values mean exactly d, each with sample standard deviation exactly σ (values
   * mean ± σ·√(7/8)). Then the fixed-variance online LiRA score is, row by row,
   * log N(φ; d+S, σ) − log N(φ; d, σ) = (S/σ²)(φ − d − S/2), and its AUC is that of S + σz against
   * σz: Φ(S/(σ√2)). The raw statistic's AUC is E[Φ((D + S)/(σ√2))] with D = d₁ − d₂ triangular on
   * [−12, 12]. Both empirical AUCs are deterministic and differ from the closed forms only by the
   * O(1/N) discretisation of the quantile and difficulty grids (1e-5 and 7e-5 at N = 2 000, checked
   * against scipy); the tolerance 1e-3 is ten times above that and far below any real change.
   */
  static final int N = 2000;
  static final double S = 0.45;
  static final double SIGMA = 0.3;

  @Test
  void onlineScoresAndAucMatchTheClosedForm() {
    int k = 16;
    double[] target = new double[2 * N];
    double[] difficulty = new double[2 * N];
    double[][] ref = new double[2 * N][k];
    boolean[][] in = new boolean[2 * N][k];
    double[] z = new double[N];
    for (int i = 0; i < N; i++) z[i] = Normal.inverseCdf((i + 0.5) / N);
    int[] permM = io.modelvet.dynamic.Stats.sample(N, N, new SplittableRandom(1));
    int[] permN = io.modelvet.dynamic.Stats.sample(N, N, new SplittableRandom(2));
    double c = SIGMA * Math.sqrt(7.0 / 8);
    for (int i = 0; i < 2 * N; i++) {
      boolean member = i < N;
      int j = member ? i : i - N;
      difficulty[i] = -6 + 12 * (j + 0.5) / N;
      target[i] = difficulty[i] + (member ? S : 0) + SIGMA * z[member ? permM[j] : permN[j]];
      for (int m = 0; m < k; m++) {
        in[i][m] = m % 2 == 0;
        double sign = (m / 2) % 2 == 0 ? 1 : -1; // 4 above and 4 below the mean in each half
        ref[i][m] = difficulty[i] + (in[i][m] ? S : 0) + sign * c;
      }
    }
    double[] s = LiraAttack.scores(target, ref, in);
    for (int i = 0; i < 2 * N; i++)
      assertThat(s[i]).as("row %d", i).isCloseTo(S / (SIGMA * SIGMA) * (target[i] - difficulty[i] - S / 2), within(1e-9));
    double lira = Roc.of(java.util.Arrays.copyOfRange(s, 0, N), java.util.Arrays.copyOfRange(s, N, 2 * N)).auc();
    assertThat(lira).isCloseTo(Normal.cdf(S / (SIGMA * Math.sqrt(2))), within(1e-3)); // 0.8556
    double raw = Roc.of(java.util.Arrays.copyOfRange(target, 0, N), java.util.Arrays.copyOfRange(target, N, 2 * N)).auc();
    assertThat(raw).isCloseTo(rawAuc(), within(1e-3)); // 0.5363: the difficulty hides membership
  }

  /** E[Φ((D + S)/(σ√2))] for D triangular on [−12, 12] (density (12 − |t|)/144), by Simpson's rule. */
  static double rawAuc() {
    int m = 4000;
    double h = 24.0 / m;
    double sum = 0;
    for (int i = 0; i <= m; i++) {
      double t = -12 + i * h;
      double f = (12 - Math.abs(t)) / 144 * Normal.cdf((t + S) / (SIGMA * Math.sqrt(2)));
      sum += f * (i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2);
    }
    return sum * h / 3;
  }

  /**
   * Offline LiRA (only OUT reference models): the score is (φ − μ_out)/σ_out with the pooled OUT
   * standard deviation. Two rows, four OUT models each, values chosen by hand: row 0 OUT values
   * 1, 3, 1, 3 (mean 2, squares about the mean 4 x 1), row 1 values 0, 2, 0, 2 (mean 1, 4 x 1); pooled
   * variance 8 / 6, so σ_out = √(4/3).
   */
  @Test
  void offlineScoreIsTheStandardisedDistanceFromTheOutMean() {
    double[][] ref = {{1, 3, 1, 3}, {0, 2, 0, 2}};
    boolean[][] in = new boolean[2][4];
    double[] s = LiraAttack.scores(new double[] {4, 1}, ref, in);
    double sd = Math.sqrt(4.0 / 3);
    assertThat(s[0]).isCloseTo((4 - 2) / sd, within(1e-12));
    assertThat(s[1]).isCloseTo(0.0, within(1e-12));
  }

  /** A row no reference model left out is scored by its distance from the IN mean; a row with no reference at all is neutral. */
  @Test
  void rowsWithoutOutModelsFallBack() {
    double[][] ref = {{1, 3}, {5, 7}, {}};
    boolean[][] in = {{true, true}, {true, true}, {}};
    double[] s = LiraAttack.scores(new double[] {2, 9, 100}, ref, in);
    double sdIn = Math.sqrt((1 + 1 + 1 + 1) / 2.0); // two rows, squares 1+1 each, 1 degree of freedom each
    assertThat(s[0]).isCloseTo(-Math.abs(2 - 2) / sdIn, within(1e-12));
    assertThat(s[1]).isCloseTo(-Math.abs(9 - 6) / sdIn, within(1e-12));
    assertThat(s[2]).isZero();
  }

  @Test
  void referenceModelsStrengthenTheAttackOnRealModels() {
    InputDomain dom = InputDomain.uniform(64, 0, 16, "t");
    DataSpec spec = new DataSpec("y", List.of(), List.of());
    Dataset m = DataLoader.load(Fixtures.path("lira_members.npz"), spec);
    Dataset nm = DataLoader.load(Fixtures.path("lira_nonmembers.npz"), spec);
    boolean[][] matrix = DataLoader.loadMembershipMatrix(Fixtures.path("lira_memberships.npy"));
    assertThat(matrix).hasNumberOfRows(200);
    List<Classifier> refs = new ArrayList<>();
    try (OnnxClassifier target = OnnxClassifier.open(Fixtures.path("lira_target.onnx"), dom, 1, 10)) {
      for (int k = 0; k < 8; k++) refs.add(OnnxClassifier.open(Fixtures.path("lira_ref" + k + ".onnx"), dom, 1, 10));
      TestResult r = MembershipInferenceTest.run(target, m, nm, new ReferenceModels(refs, matrix), TestConfig.defaults());
      PrivacyDetails d = (PrivacyDetails) r.details();
      PrivacyDetails.AttackRoc lira = d.attacks().get(d.attacks().size() - 1);
      PrivacyDetails.AttackRoc loss = d.attacks().get(0);
      assertThat(lira.attack()).startsWith("LiRA");
      assertThat(lira.auc()).isGreaterThan(loss.auc());
      assertThat(lira.auc()).isGreaterThan(0.8);
    } finally {
      refs.forEach(Classifier::close);
    }
  }
}
