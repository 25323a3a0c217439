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
