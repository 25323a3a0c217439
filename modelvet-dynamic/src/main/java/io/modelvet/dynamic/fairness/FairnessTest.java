package io.modelvet.dynamic.fairness;

import io.modelvet.dynamic.Stats;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.report.DynamicFinding;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.report.Owasp;
import io.modelvet.report.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Group fairness of the model's decisions (OWASP ML08 skewing evidence): Fairlearn-style rates per
 * group for each sensitive attribute and for their intersection, with seeded bootstrap 95 %
 * intervals (rows resampled with replacement).
 */
public final class FairnessTest {
  private FairnessTest() {}

  public static TestResult run(Classifier model, Dataset data, TestConfig cfg) {
    String title = "Fairness";
    if (!data.hasLabels()) return TestResult.skipped("fairness", title, "the data has no target labels (--target)");
    if (data.sensitive().isEmpty()) return TestResult.skipped("fairness", title, "no sensitive attribute given (--sensitive)");
    long q0 = model.queries();
    int[] pred = model.predict(data.x());
    int[] y = data.y();
    Map<String, String[]> attrs = new LinkedHashMap<>(data.sensitive());
    if (attrs.size() >= 2) {
      String name = String.join(" & ", attrs.keySet());
      String[] joined = new String[data.rows()];
      for (int i = 0; i < joined.length; i++) {
        List<String> parts = new ArrayList<>();
        for (String[] v : data.sensitive().values()) parts.add(v[i]);
        joined[i] = String.join(" & ", parts);
      }
      attrs.put(name, joined);
    }
    SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5EED_0003L);
    List<FairnessDetails.AttributeResult> results = new ArrayList<>();
    List<DynamicFinding> findings = new ArrayList<>();
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> a : attrs.entrySet()) {
      FairnessMetrics m = FairnessMetrics.compute(y, pred, a.getValue(), cfg.positiveLabel());
      Map<String, double[]> ci = bootstrap(y, pred, a.getValue(), cfg.positiveLabel(), cfg.bootstrap(), rng);
      results.add(new FairnessDetails.AttributeResult(a.getKey(), m, ci));
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("demographicParityDifference", Stats.round(m.demographicParityDifference()));
      mm.put("demographicParityRatio", Stats.round(m.demographicParityRatio()));
      mm.put("disparateImpact", Stats.round(m.demographicParityRatio()));
      mm.put("equalizedOddsDifference", Stats.round(m.equalizedOddsDifference()));
      mm.put("equalOpportunityDifference", Stats.round(m.equalOpportunityDifference()));
      mm.put("groups", m.groups().size());
      metrics.put(a.getKey(), mm);
      findings.addAll(findings(a.getKey(), m, ci, cfg.thresholds()));
    }
    metrics.put("queries", model.queries() - q0);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("sensitive", new ArrayList<>(data.sensitive().keySet()));
    params.put("intersectional", attrs.size() > data.sensitive().size());
    params.put("positiveLabel", cfg.positiveLabel());
    params.put("rows", data.rows());
    params.put("bootstrapResamples", cfg.bootstrap());
    params.put("ratioConvention", "min/max over groups (Fairlearn between_groups); disparate impact = min/max selection rate when no privileged group is named");
    params.put("seed", cfg.seed());
    FairnessMetrics first = results.get(0).metrics();
    String summary = String.format(Locale.ROOT, "%s: demographic parity difference %.3f (ratio %.3f), equalized odds difference %.3f over %d groups",
        results.get(0).attribute(), first.demographicParityDifference(), first.demographicParityRatio(), first.equalizedOddsDifference(), first.groups().size());
    findings.sort((p, q) -> q.severity().compareTo(p.severity()));
    return new TestResult("fairness", title, TestResult.statusOf(findings), summary, params, metrics, findings, new FairnessDetails(results));
  }

  static List<DynamicFinding> findings(String attr, FairnessMetrics m, Map<String, double[]> ci, Thresholds th) {
    List<DynamicFinding> out = new ArrayList<>();
    double di = m.demographicParityRatio();
    double[] diCi = ci.get("disparateImpact");
    if (!Double.isNaN(di) && di < th.get("fairness.disparate-impact")) {
      GroupStats lo = m.groups().stream().filter(g -> !Double.isNaN(g.selectionRate())).min((a, b) -> Double.compare(a.selectionRate(), b.selectionRate())).orElseThrow();
      GroupStats hi = m.groups().stream().filter(g -> !Double.isNaN(g.selectionRate())).max((a, b) -> Double.compare(a.selectionRate(), b.selectionRate())).orElseThrow();
      // an interval that reaches the threshold means the gap may be sampling noise: report it lower
      boolean uncertain = !Double.isNaN(diCi[1]) && diCi[1] >= th.get("fairness.disparate-impact");
      out.add(new DynamicFinding("fairness.disparate-impact", uncertain ? Severity.LOW : Severity.MEDIUM, Owasp.ML08, "Selection rates differ strongly between groups (" + attr + ")",
          String.format(Locale.ROOT, "Group '%s' is selected at %.1f %% and group '%s' at %.1f %%: disparate impact %.3f is below %.2f%s. The four-fifths rule is a US-employment heuristic, not a test of fairness; whether this gap is justified depends on the task and base rates.",
              lo.group(), 100 * lo.selectionRate(), hi.group(), 100 * hi.selectionRate(), di, th.get("fairness.disparate-impact"),
              uncertain ? String.format(Locale.ROOT, ", but its 95 %% interval reaches %.3f, so the gap may be sampling noise", diCi[1]) : ""),
          String.format(Locale.ROOT, "disparate impact %.3f (95%% CI %.3f-%.3f)", di, diCi[0], diCi[1])));
    }
    double maxDiff = th.get("fairness.max-difference");
    if (!Double.isNaN(m.equalizedOddsDifference()) && m.equalizedOddsDifference() > maxDiff) {
      double[] c = ci.get("equalizedOddsDifference");
      out.add(new DynamicFinding("fairness.equalized-odds", Severity.LOW, Owasp.ML08, "Error rates differ between groups (" + attr + ")",
          String.format(Locale.ROOT, "True- or false-positive rates differ by up to %.3f between groups of '%s' (equalized odds difference; equal opportunity difference %.3f). Errors fall unevenly on some groups.",
              m.equalizedOddsDifference(), attr, m.equalOpportunityDifference()),
          String.format(Locale.ROOT, "equalized odds difference %.3f > %.2f (95%% CI %.3f-%.3f)", m.equalizedOddsDifference(), maxDiff, c[0], c[1])));
    }
    if (!Double.isNaN(m.demographicParityDifference()) && m.demographicParityDifference() > maxDiff && (Double.isNaN(di) || di >= th.get("fairness.disparate-impact"))) {
      out.add(new DynamicFinding("fairness.demographic-parity", Severity.LOW, Owasp.ML08, "Selection rates differ between groups (" + attr + ")",
          String.format(Locale.ROOT, "Selection rates differ by %.3f between groups of '%s' (demographic parity difference).", m.demographicParityDifference(), attr),
          String.format(Locale.ROOT, "demographic parity difference %.3f > %.2f", m.demographicParityDifference(), maxDiff)));
    }
    for (GroupStats g : m.groups()) {
      if (g.count() < th.get("fairness.min-group")) {
        out.add(new DynamicFinding("fairness.small-group", Severity.INFO, Owasp.ML08, "Small group: " + attr + " = " + g.group(),
            "Group '" + g.group() + "' has only " + g.count() + " rows; its rates are uncertain (see the intervals).", "rows " + g.count()));
      }
    }
    return out;
  }

  /** Percentile 95 % intervals of per-group metrics and summary metrics over bootstrap resamples. */
  static Map<String, double[]> bootstrap(int[] y, int[] pred, String[] group, int positive, int resamples, SplittableRandom rng) {
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    int n = y.length;
    int[] by = new int[n];
    int[] bp = new int[n];
    String[] bg = new String[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        int k = rng.nextInt(n);
        by[i] = y[k];
        bp[i] = pred[k];
        bg[i] = group[k];
      }
      FairnessMetrics m = FairnessMetrics.compute(by, bp, bg, positive);
      for (GroupStats g : m.groups())
        for (String metric : FairnessMetrics.METRICS) add(samples, g.group() + "/" + metric, g.metric(metric));
      add(samples, "demographicParityDifference", m.demographicParityDifference());
      add(samples, "disparateImpact", m.demographicParityRatio());
      add(samples, "equalizedOddsDifference", m.equalizedOddsDifference());
      add(samples, "equalOpportunityDifference", m.equalOpportunityDifference());
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(v);
      out.put(e.getKey(), new double[] {Stats.round(Stats.quantile(v, 0.025)), Stats.round(Stats.quantile(v, 0.975))});
    }
    for (String k : new String[] {"demographicParityDifference", "disparateImpact", "equalizedOddsDifference", "equalOpportunityDifference"})
      out.putIfAbsent(k, new double[] {Double.NaN, Double.NaN});
    return out;
  }

  private static void add(Map<String, List<Double>> s, String key, double v) {
    if (!Double.isNaN(v)) s.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
  }
}
