package io.modelvet.dynamic.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.ThresholdModel;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OutputKind;
import io.modelvet.dynamic.report.DynamicFinding;
import io.modelvet.dynamic.report.Status;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The robustness verdict: HIGH when at least half of the correctly classified points flip at the
 * smallest epsilon, MEDIUM when at least half flip at the largest, LOW when at least a tenth flip at
 * some epsilon, nothing below; an INFO when full scores are exposed. First the rule on exact curves
 * (both sides of each boundary), then whole runs on a one-feature threshold model whose points sit
 * at known distances from the decision boundary, so the success rate per epsilon is known.
 */
class RobustnessTiersTest {
  static final List<Double> EPS = List.of(0.01, 0.02, 0.05, 0.1, 0.2);

  /** A curve with the given success rate at each of {@link #EPS}. */
  static List<RobustnessDetails.CurvePoint> curve(double... success) {
    List<RobustnessDetails.CurvePoint> out = new ArrayList<>();
    for (int i = 0; i < success.length; i++)
      out.add(new RobustnessDetails.CurvePoint(EPS.get(i), Map.of(), 1 - success[i], success[i], 0, 1));
    return out;
  }

  static List<DynamicFinding> decide(List<RobustnessDetails.CurvePoint> c, OutputKind kind) {
    return RobustnessTest.findings(c, new Thresholds(), Norm.LINF, 0.03, kind);
  }

  static Severity flip(double... success) {
    List<DynamicFinding> fs = decide(curve(success), OutputKind.LABELS);
    assertThat(fs).allSatisfy(f -> assertThat(f.id()).isEqualTo("robustness.adversarial-flip"));
    assertThat(fs).hasSizeLessThanOrEqualTo(1);
    return fs.isEmpty() ? null : fs.get(0).severity();
  }

  @Test
  void halfFlippedAtTheSmallestEpsilonIsHigh() {
    assertThat(flip(0.5, 0.6, 0.7, 0.8, 0.9)).isEqualTo(Severity.HIGH);
    assertThat(flip(0.49, 0.6, 0.7, 0.8, 0.9)).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void halfFlippedAtTheLargestEpsilonIsMedium() {
    assertThat(flip(0.0, 0.1, 0.2, 0.3, 0.5)).isEqualTo(Severity.MEDIUM);
    assertThat(flip(0.0, 0.1, 0.2, 0.3, 0.49)).isEqualTo(Severity.LOW);
  }

  @Test
  void aTenthFlippedAtAnyEpsilonIsLow() {
    assertThat(flip(0.0, 0.0, 0.0, 0.0, 0.1)).isEqualTo(Severity.LOW);
    assertThat(flip(0.0, 0.0, 0.0, 0.0, 0.09)).isNull();
    assertThat(flip(0.0, 0.0, 0.0, 0.0, 0.0)).isNull();
  }

  @Test
  void theLowFindingNamesTheFirstEpsilonThatReachedATenth() {
    DynamicFinding f = decide(curve(0.0, 0.05, 0.12, 0.3, 0.4), OutputKind.LABELS).get(0);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.message()).startsWith("Attacks changed 12 % of correct decisions at L-inf eps=0.05.");
    assertThat(f.message()).contains("median minimal L-inf perturbation found by HopSkipJump is 0.03");
    assertThat(f.evidence()).isEqualTo("success rate 0.120 >= 0.10");
  }

  @Test
  void tiersFollowMovedThresholds() {
    Thresholds strict = new Thresholds().set("robustness.high-success", 0.2).set("robustness.low-success", 0.01);
    assertThat(RobustnessTest.findings(curve(0.2, 0.3, 0.3, 0.3, 0.3), strict, Norm.L2, Double.NaN, OutputKind.LABELS).get(0).severity()).isEqualTo(Severity.HIGH);
    assertThat(RobustnessTest.findings(curve(0.0, 0.0, 0.0, 0.0, 0.01), strict, Norm.L2, Double.NaN, OutputKind.LABELS).get(0).severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void exposedScoresAddAnInfoWhateverTheTier() {
    for (OutputKind kind : OutputKind.values()) {
      List<DynamicFinding> fs = decide(curve(0, 0, 0, 0, 0), kind);
      boolean scores = kind == OutputKind.LOGITS || kind == OutputKind.PROBABILITIES;
      assertThat(fs).as("%s", kind).hasSize(scores ? 1 : 0);
      if (scores) {
        assertThat(fs.get(0).id()).isEqualTo("robustness.scores-exposed");
        assertThat(fs.get(0).severity()).isEqualTo(Severity.INFO);
      }
    }
  }

  // ------------------------------------------------------------ whole runs

  /**
   * Ten points of a model that says 1 when x >= 0.5 on [0, 1], at the given distances from 0.5
   * (alternating sides, so both classes are attacked). Distances are far from every epsilon, so
   * each point flips from the first epsilon above its distance on (random +-eps noise crosses with
   * probability 1 - 2^-20 there; HopSkipJump bisects to the boundary in one dimension), never below.
   */
  static TestResult run(double... distances) {
    double[][] x = new double[distances.length][];
    int[] y = new int[distances.length];
    for (int i = 0; i < distances.length; i++) {
      boolean one = i % 2 == 0;
      x[i] = new double[] {one ? 0.5 + distances[i] : 0.5 - distances[i]};
      y[i] = one ? 1 : 0;
    }
    Dataset d = new Dataset(x, y, new String[] {"f"}, Map.of(), "hand-written");
    TestConfig cfg = new TestConfig(Set.of("robustness"), Norm.LINF, EPS, 300, 100, 1, 1, 50, new Thresholds());
    Progress quiet = (what, done, total) -> { };
    return RobustnessTest.run(new ThresholdModel(1, 0.5, OutputKind.LABELS), InputDomain.uniform(1, 0, 1, "test"), d, cfg, quiet);
  }

  static DynamicFinding flipFinding(TestResult r) {
    List<DynamicFinding> fs = r.findings().stream().filter(f -> f.id().equals("robustness.adversarial-flip")).toList();
    assertThat(fs).hasSize(1);
    return fs.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Double> successRates(TestResult r) {
    return (Map<String, Double>) r.metrics().get("attackSuccessRate");
  }

  @Test
  void sixOfTenWithinTheSmallestEpsilonIsHigh() {
    TestResult r = run(0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.3, 0.3, 0.3, 0.3);
    assertThat(successRates(r)).containsEntry("0.01", 0.6).containsEntry("0.2", 0.6);
    assertThat(flipFinding(r).severity()).isEqualTo(Severity.HIGH);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.metrics().get("cleanAccuracy")).isEqualTo(1.0);
  }

  @Test
  void sixOfTenOnlyAtTheLargestEpsilonIsMedium() {
    TestResult r = run(0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.3, 0.3, 0.3, 0.3);
    assertThat(successRates(r)).containsEntry("0.01", 0.0).containsEntry("0.1", 0.0).containsEntry("0.2", 0.6);
    assertThat(flipFinding(r).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(r.status()).isEqualTo(Status.WARN);
  }

  @Test
  void fourOfTenAtAMiddleEpsilonIsLow() {
    TestResult r = run(0.03, 0.03, 0.03, 0.03, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
    assertThat(successRates(r)).containsEntry("0.02", 0.0).containsEntry("0.05", 0.4).containsEntry("0.2", 0.4);
    DynamicFinding f = flipFinding(r);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.message()).contains("eps=0.05");
  }

  @Test
  void nothingWithinTheLargestEpsilonHasNoFlipFinding() {
    TestResult r = run(0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.25, 0.25, 0.25, 0.25);
    assertThat(successRates(r).values()).containsOnly(0.0);
    assertThat(r.findings()).isEmpty(); // labels only: no scores-exposed INFO either
    assertThat(r.status()).isEqualTo(Status.PASS);
    // HopSkipJump still measures every point, and no distance it reports can beat the true one
    // (0.25 or 0.3), so the median is at least the true median 0.3
    assertThat(r.metrics().get("hopSkipJumpFound")).isEqualTo(10);
    assertThat((Double) r.metrics().get("hopSkipJumpMedianDistance")).isGreaterThanOrEqualTo(0.3 - 1e-12);
  }
}
