package io.modelvet.dynamic.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.ThresholdModel;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.OutputKind;
import io.modelvet.dynamic.report.DynamicFinding;
import io.modelvet.dynamic.report.Status;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.report.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which fairness finding fires, at which severity, on each side of each threshold. Every case is a
 * hand-written confusion matrix per group; groups of 32 rows (16 actual positives, 16 negatives) make
 * every rate a multiple of 1/32 or 1/16, so rates, differences and ratios are exact in binary and a
 * threshold can be met exactly (0.5 / 0.625 is the double nearest 0.8, as is the literal 0.8).
 * Defaults: disparate impact below 0.8 is MEDIUM (LOW when its interval reaches 0.8), differences
 * above 0.1 are LOW, groups under 20 rows get an INFO.
 */
class FairnessFindingsTest {

  /** Rows of one group: {@code tp} of {@code pos} actual positives and {@code fp} of {@code neg} negatives predicted positive. */
  record Group(String name, int pos, int tp, int neg, int fp) {}

  static final class Rows {
    final List<Integer> y = new ArrayList<>();
    final List<Integer> pred = new ArrayList<>();
    final List<String> group = new ArrayList<>();

    Rows(Group... groups) {
      for (Group g : groups) {
        for (int i = 0; i < g.pos; i++) add(g.name, 1, i < g.tp ? 1 : 0);
        for (int i = 0; i < g.neg; i++) add(g.name, 0, i < g.fp ? 1 : 0);
      }
    }

    private void add(String g, int truth, int p) {
      y.add(truth);
      pred.add(p);
      group.add(g);
    }

    FairnessMetrics metrics() {
      return FairnessMetrics.compute(y.stream().mapToInt(Integer::intValue).toArray(), pred.stream().mapToInt(Integer::intValue).toArray(), group.toArray(new String[0]), 1);
    }

    /** Findings with the given 95 % interval upper bound for disparate impact. */
    List<DynamicFinding> findings(double diUpper, Thresholds th) {
      Map<String, double[]> ci = new HashMap<>();
      ci.put("disparateImpact", new double[] {0.1, diUpper});
      ci.put("equalizedOddsDifference", new double[] {0.0, 0.5});
      return FairnessTest.findings("sex", metrics(), ci, th);
    }

    List<DynamicFinding> findings() {
      return findings(0.7, new Thresholds());
    }

    /** The model that predicts exactly {@code pred} (feature 0 is the prediction), with the group as the sensitive column. */
    TestResult run() {
      double[][] x = new double[y.size()][];
      for (int i = 0; i < x.length; i++) x[i] = new double[] {pred.get(i)};
      Dataset d = new Dataset(x, y.stream().mapToInt(Integer::intValue).toArray(), new String[] {"f"}, Map.of("sex", group.toArray(new String[0])), "hand-written");
      TestConfig cfg = TestConfig.defaults();
      return FairnessTest.run(new ThresholdModel(1, 0.5, OutputKind.LABELS), d, cfg);
    }
  }

  static List<String> ids(List<DynamicFinding> fs) {
    return fs.stream().map(DynamicFinding::id).toList();
  }

  static DynamicFinding only(List<DynamicFinding> fs, String id) {
    List<DynamicFinding> hits = fs.stream().filter(f -> f.id().equals(id)).toList();
    assertThat(hits).as("findings %s", ids(fs)).hasSize(1);
    return hits.get(0);
  }

  // ------------------------------------------------------------ disparate impact

  @Test
  void disparateImpactJustBelowFourFifthsIsMedium() {
    // selection a = 20/32 = 0.625, b = 15/32 = 0.46875: DI = 0.75 (< 0.8), DPD = 0.15625
    Rows r = new Rows(new Group("a", 16, 12, 16, 8), new Group("b", 16, 10, 16, 5));
    assertThat(r.metrics().demographicParityRatio()).isEqualTo(0.75);
    List<DynamicFinding> fs = r.findings();
    DynamicFinding di = only(fs, "fairness.disparate-impact");
    assertThat(di.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(di.message()).contains("'b' is selected at 46.9 %").contains("'a' at 62.5 %").contains("0.750 is below 0.80");
    // parity is not reported twice: disparate impact already covers the selection gap
    assertThat(ids(fs)).doesNotContain("fairness.demographic-parity");
  }

  @Test
  void disparateImpactAtExactlyFourFifthsIsNotReported() {
    // selection a = 20/32 = 0.625, b = 16/32 = 0.5: DI = 0.8 exactly; DPD 0.125 > 0.1 is reported as parity instead
    Rows r = new Rows(new Group("a", 16, 12, 16, 8), new Group("b", 16, 10, 16, 6));
    assertThat(r.metrics().demographicParityRatio()).isEqualTo(0.8);
    List<DynamicFinding> fs = r.findings();
    assertThat(ids(fs)).doesNotContain("fairness.disparate-impact");
    assertThat(only(fs, "fairness.demographic-parity").severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void disparateImpactWhoseIntervalReachesTheThresholdIsLow() {
    Rows r = new Rows(new Group("a", 16, 12, 16, 8), new Group("b", 16, 10, 16, 5));
    assertThat(only(r.findings(0.79, new Thresholds()), "fairness.disparate-impact").severity()).isEqualTo(Severity.MEDIUM);
    DynamicFinding low = only(r.findings(0.8, new Thresholds()), "fairness.disparate-impact");
    assertThat(low.severity()).isEqualTo(Severity.LOW);
    assertThat(low.message()).contains("interval reaches 0.800").contains("sampling noise");
  }

  @Test
  void disparateImpactThresholdCanBeMoved() {
    Rows r = new Rows(new Group("a", 16, 12, 16, 8), new Group("b", 16, 10, 16, 5)); // DI 0.75
    assertThat(ids(r.findings(0.7, new Thresholds().set("fairness.disparate-impact", 0.75)))).doesNotContain("fairness.disparate-impact");
    assertThat(ids(r.findings(0.7, new Thresholds().set("fairness.disparate-impact", 0.76)))).contains("fairness.disparate-impact");
  }

  // ------------------------------------------------------------ demographic parity

  @Test
  void demographicParityDifferenceAboveTenPointsIsLow() {
    // selection 20/32 vs 16/32: DPD 0.125 > 0.1 (DI 0.8, not below)
    Rows above = new Rows(new Group("a", 16, 12, 16, 8), new Group("b", 16, 10, 16, 6));
    DynamicFinding dp = only(above.findings(), "fairness.demographic-parity");
    assertThat(dp.severity()).isEqualTo(Severity.LOW);
    assertThat(dp.evidence()).isEqualTo("demographic parity difference 0.125 > 0.10");
    // selection 19/32 vs 16/32: DPD 0.09375 <= 0.1, DI 0.842
    Rows below = new Rows(new Group("a", 16, 12, 16, 7), new Group("b", 16, 10, 16, 6));
    assertThat(below.metrics().demographicParityDifference()).isEqualTo(3.0 / 32);
    assertThat(ids(below.findings())).doesNotContain("fairness.demographic-parity", "fairness.disparate-impact");
  }

  @Test
  void demographicParityDifferenceEqualToTheThresholdIsNotReported() {
    Rows r = new Rows(new Group("a", 16, 12, 16, 8), new Group("b", 16, 10, 16, 6)); // DPD 0.125
    assertThat(ids(r.findings(0.7, new Thresholds().set("fairness.max-difference", 0.125)))).doesNotContain("fairness.demographic-parity");
    assertThat(ids(r.findings(0.7, new Thresholds().set("fairness.max-difference", 0.12)))).contains("fairness.demographic-parity");
  }

  // ------------------------------------------------------------ equalised odds

  @Test
  void equalisedOddsDifferenceAboveTenPointsIsLow() {
    // equal selection (16/32 each), TPR 12/16 vs 14/16 and FPR 4/16 vs 2/16: EOD 0.125
    Rows r = new Rows(new Group("a", 16, 12, 16, 4), new Group("b", 16, 14, 16, 2));
    FairnessMetrics m = r.metrics();
    assertThat(m.equalizedOddsDifference()).isEqualTo(0.125);
    assertThat(m.demographicParityDifference()).isZero();
    List<DynamicFinding> fs = r.findings();
    DynamicFinding eo = only(fs, "fairness.equalized-odds");
    assertThat(eo.severity()).isEqualTo(Severity.LOW);
    assertThat(eo.evidence()).startsWith("equalized odds difference 0.125 > 0.10");
    assertThat(eo.message()).contains("equal opportunity difference 0.125");
    assertThat(ids(fs)).containsExactly("fairness.equalized-odds");
  }

  @Test
  void equalisedOddsDifferenceAtOrBelowTheThresholdIsNotReported() {
    // TPR 12/16 vs 13/16, FPR 4/16 vs 3/16: EOD 0.0625
    assertThat(new Rows(new Group("a", 16, 12, 16, 4), new Group("b", 16, 13, 16, 3)).findings()).isEmpty();
    Rows r = new Rows(new Group("a", 16, 12, 16, 4), new Group("b", 16, 14, 16, 2)); // EOD 0.125
    assertThat(r.findings(0.7, new Thresholds().set("fairness.max-difference", 0.125))).isEmpty();
  }

  @Test
  void equalisedOddsTakesTheLargerOfTheTwoGaps() {
    // TPR equal (12/16), FPR 2/16 vs 6/16: only the false-positive gap (0.25) drives it
    Rows r = new Rows(new Group("a", 16, 12, 16, 2), new Group("b", 16, 12, 16, 6));
    FairnessMetrics m = r.metrics();
    assertThat(m.equalOpportunityDifference()).isZero();
    assertThat(m.equalizedOddsDifference()).isEqualTo(0.25);
    assertThat(only(r.findings(), "fairness.equalized-odds").severity()).isEqualTo(Severity.LOW);
  }

  // ------------------------------------------------------------ small groups

  @Test
  void groupsUnderTwentyRowsGetAnInfoEach() {
    // 19 rows (10 positives, 9 negatives) and 20 rows, same rates as far as possible
    Rows r = new Rows(new Group("small", 10, 5, 9, 0), new Group("enough", 10, 5, 10, 0), new Group("big", 16, 8, 16, 0));
    List<DynamicFinding> fs = r.findings();
    DynamicFinding small = only(fs, "fairness.small-group");
    assertThat(small.severity()).isEqualTo(Severity.INFO);
    assertThat(small.title()).isEqualTo("Small group: sex = small");
    assertThat(small.evidence()).isEqualTo("rows 19");
  }

  @Test
  void fairModelOnLargeGroupsHasNoFinding() {
    assertThat(new Rows(new Group("a", 16, 12, 16, 4), new Group("b", 16, 12, 16, 4)).findings()).isEmpty();
  }

  // ------------------------------------------------------------ the whole test, bootstrap included

  @Test
  void clearGapOnLargeGroupsFailsAsMediumEndToEnd() {
    // 128 rows per group, selection 64/128 vs 32/128: DI 0.5. Its 95 % interval tops out near 0.71
    // (delta method on log DI: SE = sqrt(0.5/64 + 0.75/32) = 0.18), far from 0.8: MEDIUM, not LOW.
    Rows r = new Rows(new Group("a", 64, 48, 64, 16), new Group("b", 64, 24, 64, 8));
    TestResult t = r.run();
    assertThat(t.status()).isEqualTo(Status.WARN);
    assertThat(only(t.findings(), "fairness.disparate-impact").severity()).isEqualTo(Severity.MEDIUM);
    // TPR 48/64 vs 24/64 and FPR 16/64 vs 8/64: EOD 0.375
    assertThat(only(t.findings(), "fairness.equalized-odds").severity()).isEqualTo(Severity.LOW);
    assertThat(t.findings().get(0).severity()).isEqualTo(Severity.MEDIUM); // worst first
    @SuppressWarnings("unchecked")
    Map<String, Object> sex = (Map<String, Object>) t.metrics().get("sex");
    assertThat(sex.get("disparateImpact")).isEqualTo(0.5);
    assertThat(sex.get("groups")).isEqualTo(2);
    assertThat(t.metrics().get("queries")).isEqualTo(256L);
  }

  @Test
  void sameGapOnTenRowsPerGroupIsOnlyLowBecauseItsIntervalReachesFourFifths() {
    // selection 6/10 vs 3/10: DI 0.5 again, but SE of log DI = sqrt(0.4/6 + 0.7/3) = 0.55, so the
    // interval's upper end is well above 0.8: the gap may be noise. Both groups get the INFO.
    Rows r = new Rows(new Group("a", 5, 4, 5, 2), new Group("b", 5, 2, 5, 1));
    TestResult t = r.run();
    assertThat(only(t.findings(), "fairness.disparate-impact").severity()).isEqualTo(Severity.LOW);
    assertThat(t.findings()).filteredOn(f -> f.id().equals("fairness.small-group")).hasSize(2)
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    assertThat(t.status()).isEqualTo(Status.WARN);
  }

  @Test
  void twoAttributesAlsoGetTheirIntersection() {
    Rows r = new Rows(new Group("a", 16, 12, 16, 4), new Group("b", 16, 12, 16, 4));
    double[][] x = new double[r.y.size()][];
    String[] band = new String[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {r.pred.get(i)};
      band[i] = i % 2 == 0 ? "young" : "old";
    }
    Map<String, String[]> sensitive = new java.util.LinkedHashMap<>();
    sensitive.put("sex", r.group.toArray(new String[0]));
    sensitive.put("age", band);
    Dataset d = new Dataset(x, r.y.stream().mapToInt(Integer::intValue).toArray(), new String[] {"f"}, sensitive, "hand-written");
    TestResult t = FairnessTest.run(new ThresholdModel(1, 0.5, OutputKind.LABELS), d, TestConfig.defaults());
    assertThat(t.metrics()).containsKeys("sex", "age", "sex & age");
    assertThat(((FairnessDetails) t.details()).attributes()).extracting(FairnessDetails.AttributeResult::attribute).containsExactly("sex", "age", "sex & age");
    assertThat(t.parameters().get("intersectional")).isEqualTo(true);
    // 4 intersection cells of 16 rows each: 4 small-group INFOs, nothing else
    assertThat(t.findings()).extracting(DynamicFinding::id).containsOnly("fairness.small-group").hasSize(4);
    assertThat(t.status()).isEqualTo(Status.PASS);
    assertThat(Set.copyOf(t.findings().stream().map(DynamicFinding::title).toList()))
        .contains("Small group: sex & age = a & young");
  }
}
