package io.modelvet.dynamic.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fairlearn documentation example (18 samples, groups a/b/c): values recomputed in the notes. */
class FairnessMetricsTest {
  static final int[] Y_TRUE = {0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  static final int[] Y_PRED = {0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0};
  static final String[] SF = {"b", "b", "a", "b", "b", "c", "c", "c", "a", "a", "c", "a", "b", "c", "c", "b", "c", "c"};
  static final double TOL = 1e-9;

  @Test
  void matchesFairlearnExample() {
    FairnessMetrics m = FairnessMetrics.compute(Y_TRUE, Y_PRED, SF, 1);
    assertThat(m.overall().tpr()).isCloseTo(0.5, within(TOL));
    assertThat(m.overall().fpr()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(m.overall().selectionRate()).isCloseTo(10.0 / 18, within(TOL));

    GroupStats a = m.group("a");
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.tpr()).isCloseTo(0.5, within(TOL));
    assertThat(a.fpr()).isCloseTo(1.0, within(TOL));
    assertThat(a.selectionRate()).isCloseTo(0.75, within(TOL));
    GroupStats b = m.group("b");
    assertThat(b.count()).isEqualTo(6);
    assertThat(b.tpr()).isCloseTo(0.6, within(TOL));
    assertThat(b.fpr()).isCloseTo(0.0, within(TOL));
    assertThat(b.selectionRate()).isCloseTo(0.5, within(TOL));
    GroupStats c = m.group("c");
    assertThat(c.count()).isEqualTo(8);
    assertThat(c.tpr()).isCloseTo(0.4, within(TOL));
    assertThat(c.fpr()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(c.selectionRate()).isCloseTo(0.5, within(TOL));

    assertThat(m.demographicParityDifference()).isCloseTo(0.25, within(TOL));
    assertThat(m.demographicParityRatio()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(m.equalizedOddsDifference()).isCloseTo(1.0, within(TOL));
    assertThat(m.equalizedOddsRatio()).isCloseTo(0.0, within(TOL));
    assertThat(m.equalOpportunityDifference()).isCloseTo(0.2, within(TOL));

    Map<String, Double> d = m.toOverallDifference();
    assertThat(d.get("tpr")).isCloseTo(0.1, within(TOL));
    assertThat(d.get("fpr")).isCloseTo(2.0 / 3, within(TOL));
    assertThat(d.get("selection_rate")).isCloseTo(0.75 - 10.0 / 18, within(TOL));
    Map<String, Double> r = m.toOverallRatio();
    assertThat(r.get("tpr")).isCloseTo(0.8, within(TOL));
    assertThat(r.get("fpr")).isCloseTo(0.0, within(TOL));
    assertThat(r.get("selection_rate")).isCloseTo((10.0 / 18) / 0.75, within(TOL));
  }

  @Test
  void equalOpportunityRatioAndAccuracyOfTheFairlearnExample() {
    FairnessMetrics m = FairnessMetrics.compute(Y_TRUE, Y_PRED, SF, 1);
    // TPR a 0.5, b 0.6, c 0.4: ratio min/max = 0.4 / 0.6
    assertThat(m.equalOpportunityRatio()).isCloseTo(2.0 / 3, within(TOL));
    // correct predictions, counted by hand: a 1 of 4 (row 2), b 4 of 6 (rows 0, 4, 12, 15), c 3 of 8 (rows 6, 7, 16)
    assertThat(m.group("a").accuracy()).isCloseTo(0.25, within(TOL));
    assertThat(m.group("b").accuracy()).isCloseTo(4.0 / 6, within(TOL));
    assertThat(m.group("c").accuracy()).isCloseTo(3.0 / 8, within(TOL));
    assertThat(m.overall().accuracy()).isCloseTo(8.0 / 18, within(TOL));
    // accuracy to overall: largest |group - overall| is b (2/3 - 4/9), smallest ratio is a (0.25 / (8/18))
    assertThat(m.toOverallDifference().get("accuracy")).isCloseTo(2.0 / 3 - 8.0 / 18, within(TOL));
    assertThat(m.toOverallRatio().get("accuracy")).isCloseTo(0.25 / (8.0 / 18), within(TOL));
  }

  /**
   * Group "n" has no actual positives, so its TPR is undefined (NaN, as Fairlearn's recall warns and
   * skips); the TPR gap and ratio come from the other groups only, while its FPR still counts.
   */
  @Test
  void groupWithoutPositivesHasNoTprAndIsLeftOutOfTheTprGap() {
    //                 group p: 4 positives (3 found), 4 negatives (1 false alarm)
    //                 group q: 4 positives (1 found), 4 negatives (0 false alarms)
    //                 group n: 4 negatives (2 false alarms)
    int[] y = {1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] p = {1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0};
    String[] g = {"p", "p", "p", "p", "p", "p", "p", "p", "q", "q", "q", "q", "q", "q", "q", "q", "n", "n", "n", "n"};
    FairnessMetrics m = FairnessMetrics.compute(y, p, g, 1);
    assertThat(m.group("n").tpr()).isNaN();
    assertThat(m.group("n").fpr()).isEqualTo(0.5);
    assertThat(m.group("n").selectionRate()).isEqualTo(0.5);
    assertThat(m.group("n").accuracy()).isEqualTo(0.5);
    assertThat(m.equalOpportunityDifference()).isCloseTo(0.75 - 0.25, within(TOL));
    assertThat(m.equalOpportunityRatio()).isCloseTo(0.25 / 0.75, within(TOL));
    // FPR p 0.25, q 0, n 0.5: the FPR gap (0.5) equals the TPR gap, the FPR ratio (0) is the smaller
    assertThat(m.equalizedOddsDifference()).isCloseTo(0.5, within(TOL));
    assertThat(m.equalizedOddsRatio()).isZero();
    assertThat(m.toOverallDifference().get("tpr")).isCloseTo(0.25, within(TOL)); // overall TPR 4/8 = 0.5
    // selection p 4/8, q 1/8, n 2/4
    assertThat(m.demographicParityDifference()).isCloseTo(0.375, within(TOL));
    assertThat(m.demographicParityRatio()).isCloseTo(0.25, within(TOL));
  }

  /**
   * Three classes with 2 as the favourable label: the rates use the binary view "2 or not 2", while
   * accuracy compares the labels themselves (a 0 predicted as 1 is wrong but not a false positive).
   */
  @Test
  void positiveLabelOtherThanOneUsesTheBinaryView() {
    int[] y = {2, 2, 0, 1, 2, 0, 1, 1};
    int[] p = {2, 0, 1, 2, 2, 2, 1, 0};
    String[] g = {"a", "a", "a", "a", "b", "b", "b", "b"};
    FairnessMetrics m = FairnessMetrics.compute(y, p, g, 2);
    GroupStats a = m.group("a");
    assertThat(a.tpr()).isEqualTo(0.5); // of rows 0, 1 (true 2) row 0 predicted 2
    assertThat(a.fpr()).isEqualTo(0.5); // of rows 2, 3 (not 2) row 3 predicted 2
    assertThat(a.selectionRate()).isEqualTo(0.5);
    assertThat(a.accuracy()).isEqualTo(0.25); // only row 0; row 2 (0 -> 1) is wrong though "negative" both times
    GroupStats b = m.group("b");
    assertThat(b.tpr()).isEqualTo(1.0);
    assertThat(b.fpr()).isCloseTo(1.0 / 3, within(TOL));
    assertThat(b.selectionRate()).isEqualTo(0.5);
    assertThat(b.accuracy()).isEqualTo(0.5); // rows 4 and 6
    assertThat(m.demographicParityDifference()).isZero();
    assertThat(m.equalOpportunityRatio()).isEqualTo(0.5);
    assertThat(m.equalizedOddsDifference()).isCloseTo(0.5, within(TOL));
    // with the default favourable label 1 the same predictions give different rates
    FairnessMetrics one = FairnessMetrics.compute(y, p, g, 1);
    assertThat(one.group("a").tpr()).isZero(); // row 3 (true 1) predicted 2
    assertThat(one.group("a").accuracy()).isEqualTo(0.25); // accuracy does not depend on the favourable label
  }

  @Test
  void bootstrapIsSeededAndBracketsTheEstimate() {
    Map<String, double[]> a = FairnessTest.bootstrap(Y_TRUE, Y_PRED, SF, 1, 300, new SplittableRandom(3));
    Map<String, double[]> b = FairnessTest.bootstrap(Y_TRUE, Y_PRED, SF, 1, 300, new SplittableRandom(3));
    assertThat(a.get("demographicParityDifference")).containsExactly(b.get("demographicParityDifference"));
    double[] sel = a.get("c/selection_rate");
    assertThat(sel[0]).isLessThanOrEqualTo(0.5);
    assertThat(sel[1]).isGreaterThanOrEqualTo(0.5);
    assertThat(sel[1] - sel[0]).isGreaterThan(0.2); // 8 rows: a wide interval
  }
}
