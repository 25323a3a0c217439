package io.modelvet.dynamic.report;

import io.modelvet.dynamic.fairness.FairnessDetails;
import io.modelvet.dynamic.fairness.GroupStats;
import io.modelvet.dynamic.privacy.PrivacyDetails;
import io.modelvet.dynamic.robustness.RobustnessDetails;
import io.modelvet.dynamic.stability.StabilityDetails;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts, no network): a summary of every test
 * with its status, the findings, and one section per test with its charts and tables.
 */
public final class HtmlReportWriter {
  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#0f172a;background:#f8fafc;margin:0}
      main{max-width:1120px;margin:0 auto;padding:24px}
      h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #e2e8f0;padding-bottom:4px}
      h3{font-size:15px;margin:18px 0 6px}.muted{color:#64748b}
      .meta{display:grid;grid-template-columns:140px 1fr;gap:2px 12px;font-size:13px;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px;margin:12px 0}
      .meta div:nth-child(odd){color:#64748b}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:12px;margin:16px 0}
      .card{background:#fff;border:1px solid #e2e8f0;border-left:6px solid #94a3b8;border-radius:8px;padding:10px 12px}
      .card .st{font-weight:700;font-size:12px;letter-spacing:.05em}.card p{margin:4px 0 0;font-size:13px}
      .PASS{border-left-color:#16a34a}.PASS .st{color:#16a34a}.WARN{border-left-color:#d97706}.WARN .st{color:#d97706}
      .FAIL{border-left-color:#dc2626}.FAIL .st{color:#dc2626}.SKIPPED{border-left-color:#94a3b8}.SKIPPED .st{color:#64748b}
      table{border-collapse:collapse;background:#fff;font-size:13px;margin:6px 0}
      th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f1f5f9}
      td.n{text-align:right;font-variant-numeric:tabular-nums}
      .sev{font-weight:700;font-size:11px;padding:1px 6px;border-radius:4px;color:#fff}
      .OK{background:#16a34a}.CRITICAL{background:#7f1d1d}.HIGH{background:#dc2626}.MEDIUM{background:#d97706}.LOW{background:#2563eb}.INFO{background:#64748b}
      .charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.charts svg{background:#fff;border:1px solid #e2e8f0;border-radius:8px}
      .ct{font-weight:600;font-size:13px}.tk{font-size:11px;fill:#475569}.al{font-size:12px;fill:#334155}.lg{font-size:11px}
      .ex{display:flex;gap:10px;align-items:flex-end;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px;margin:6px 8px 6px 0}
      details{margin:6px 0}summary{cursor:pointer;color:#334155}code{font-size:12px}
      """;

  private HtmlReportWriter() {}

  public static void write(DynamicReport r, Writer w) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width,initial-scale=1'>");
    h.append("<title>ModelVet dynamic test: ").append(esc(String.valueOf(r.model().get("path")))).append("</title><style>").append(CSS).append("</style></head><body><main>");
    h.append("<h1>ModelVet dynamic test report</h1><div class='muted'>Black-box testing of an ONNX classifier: adversarial robustness, membership inference, fairness, stability, backdoors, model inversion and model extraction.</div>");
    h.append("<div class='meta'>");
    meta(h, "Model", r.model().get("path") + "");
    meta(h, "SHA-256", r.model().get("sha256") + "");
    meta(h, "Signature", r.model().get("signature") + " — " + r.model().get("outputKind") + ", " + r.model().get("classes") + " classes");
    meta(h, "Data", r.data().get("file") + " — " + r.data().get("rows") + " rows, " + r.data().get("features") + " features" + (r.data().containsKey("members") ? "; members " + r.data().get("members") + ", non-members " + r.data().get("nonMembers") : ""));
    meta(h, "Input domain", r.domain().get("source") + " (lower " + r.domain().get("lower") + ", upper " + r.domain().get("upper") + "; normalisation " + r.domain().get("normalisation") + "). Epsilon is in these units.");
    meta(h, "Run", "seed " + r.seed() + ", " + r.totalQueries() + " model queries, " + r.seconds() + " s");
    h.append("</div>");

    h.append("<div class='cards'>");
    for (TestResult t : r.tests()) {
      h.append("<div class='card ").append(t.status()).append("'><div class='st'>").append(t.status()).append("</div><b>").append(esc(t.title())).append("</b><p>").append(esc(t.summary())).append("</p></div>");
    }
    h.append("</div>");

    List<DynamicFinding> all = new ArrayList<>();
    for (TestResult t : r.tests()) all.addAll(t.findings());
    all.sort(Comparator.comparing(DynamicFinding::severity).reversed());
    h.append("<h2>Findings</h2>");
    if (all.isEmpty()) h.append("<p>No findings.</p>");
    else {
      h.append("<table><tr><th>Severity</th><th>Finding</th><th>OWASP</th><th>What was measured</th></tr>");
      for (DynamicFinding f : all) {
        h.append("<tr><td><span class='sev ").append(f.severity()).append("'>").append(f.severity()).append("</span></td><td><b>").append(esc(f.title())).append("</b><br>").append(esc(f.message()))
            .append("<br><code class='muted'>").append(esc(f.id())).append("</code></td><td>").append(esc(f.owasp().title())).append("</td><td>").append(esc(f.evidence())).append("</td></tr>");
      }
      h.append("</table>");
    }

    for (TestResult t : r.tests()) {
      h.append("<h2>").append(esc(t.title())).append(" <span class='sev ").append(sevClass(t.status())).append("'>").append(t.status()).append("</span></h2>");
      h.append("<p>").append(esc(t.summary())).append("</p>");
      if (t.details() instanceof RobustnessDetails d) robustness(h, d);
      else if (t.details() instanceof PrivacyDetails d) privacy(h, d);
      else if (t.details() instanceof FairnessDetails d) fairness(h, d);
      else if (t.details() instanceof StabilityDetails d) stability(h, d);
      else if (t.details() instanceof io.modelvet.dynamic.backdoor.BackdoorDetails d) ThreatSectionsHtml.backdoor(h, d);
      else if (t.details() instanceof io.modelvet.dynamic.extraction.ExtractionDetails d) ThreatSectionsHtml.extraction(h, d);
      else if (t.details() instanceof io.modelvet.dynamic.inversion.InversionDetails d) ThreatSectionsHtml.inversion(h, d);
      if (t.metrics().get("queries") != null) h.append("<p class='muted'>Model queries spent by this test: ").append(t.metrics().get("queries")).append(".</p>");
      if (!t.metrics().isEmpty()) {
        h.append("<details><summary>Metrics</summary>");
        kv(h, t.metrics());
        h.append("</details>");
      }
      if (!t.parameters().isEmpty()) {
        h.append("<details><summary>Parameters (for reproduction)</summary>");
        kv(h, t.parameters());
        h.append("</details>");
      }
    }
    h.append("<p class='muted'>Robust accuracy from black-box attacks is an upper bound: a stronger (e.g. white-box or adaptive) attack may do better. Membership results depend on the member/non-member samples given. Fairness ratios follow Fairlearn (min/max over groups); the four-fifths rule is a heuristic.</p>");
    h.append("</main></body></html>\n");
    w.write(h.toString());
    w.flush();
  }

  private static String sevClass(Status s) {
    return switch (s) {
      case PASS -> "OK";
      case WARN -> "MEDIUM";
      case FAIL -> "HIGH";
      case SKIPPED -> "INFO";
    };
  }

  private static void robustness(StringBuilder h, RobustnessDetails d) {
    List<RobustnessDetails.CurvePoint> c = d.curve();
    int n = c.size();
    double[] x = new double[n + 1];
    double maxEps = c.get(n - 1).epsilon();
    List<Svg.Series> series = new ArrayList<>();
    List<String> attacks = new ArrayList<>(c.get(0).byAttack().keySet());
    for (int i = 0; i < n; i++) x[i + 1] = c.get(i).epsilon();
    int k = 0;
    for (String a : attacks) {
      double[] y = new double[n + 1];
      y[0] = d.cleanAccuracy();
      for (int i = 0; i < n; i++) y[i + 1] = c.get(i).byAttack().get(a);
      series.add(new Svg.Series(a, x, y, Svg.COLOURS[(k++ + 2) % Svg.COLOURS.length], false, null, null));
    }
    double[] worst = new double[n + 1];
    double[] lo = new double[n + 1];
    double[] hi = new double[n + 1];
    worst[0] = d.cleanAccuracy();
    lo[0] = worst[0];
    hi[0] = worst[0];
    for (int i = 0; i < n; i++) {
      worst[i + 1] = c.get(i).worstCase();
      lo[i + 1] = c.get(i).lower();
      hi[i + 1] = c.get(i).upper();
    }
    series.add(new Svg.Series("worst case", x, worst, "#0f172a", true, lo, hi));
    h.append("<p class='muted'>Epsilon and distances in ").append(esc(d.epsilonScale()))
        .append("per-feature range".equals(d.epsilonScale()) ? ": every feature is scaled to [0, 1] by its range, so eps = 0.05 moves each feature by at most 5 % of its own range.</p>" : ": one epsilon for every feature.</p>");
    h.append("<div class='charts'>");
    h.append(Svg.lineChart("Robust accuracy vs epsilon (" + d.norm() + ")", new Svg.Axis("epsilon (" + d.norm() + ", " + d.epsilonScale() + ")", 0, maxEps, false), new Svg.Axis("accuracy", 0, 1, false), series, false));
    double[] dist = d.minimalDistances().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
    if (dist.length > 0) {
      Arrays.sort(dist);
      // the axis stops at the 95th percentile so a few far-away points do not squash the curve
      double xMax = Math.max(maxEps, dist[(int) Math.floor(0.95 * (dist.length - 1))]) * 1.05;
      int shown = 0;
      while (shown < dist.length && dist[shown] <= xMax) shown++;
      double[] cx = new double[shown + 1];
      double[] cy = new double[shown + 1];
      for (int i = 0; i < shown; i++) {
        cx[i + 1] = dist[i];
        cy[i + 1] = (i + 1.0) / d.minimalDistances().size();
      }
      h.append(Svg.lineChart("Minimal perturbation found by HopSkipJump", new Svg.Axis("distance (" + d.norm() + ", " + d.epsilonScale() + ")", 0, xMax, false), new Svg.Axis("share of attacked points broken", 0, 1, false),
          List.of(new Svg.Series("HopSkipJump CDF", cx, cy, "#9333ea", true, null, null)), false));
    }
    h.append("</div>");
    h.append("<table><tr><th>epsilon</th>");
    for (String a : attacks) h.append("<th>").append(esc(a)).append("</th>");
    h.append("<th>worst case</th><th>95 % CI</th><th>attack success</th></tr>");
    for (RobustnessDetails.CurvePoint p : c) {
      h.append("<tr><td class='n'>").append(Svg.num(p.epsilon())).append("</td>");
      for (String a : attacks) h.append("<td class='n'>").append(pct(p.byAttack().get(a))).append("</td>");
      h.append("<td class='n'><b>").append(pct(p.worstCase())).append("</b></td><td class='n'>").append(pct(p.lower())).append(" – ").append(pct(p.upper())).append("</td><td class='n'>").append(pct(p.successRate())).append("</td></tr>");
    }
    h.append("</table>");
    if (!d.examples().isEmpty()) {
      h.append("<h3>Flipped inputs</h3>");
      int[] s = d.sampleShape();
      int hh = s.length >= 2 ? s[s.length - 2] : 1;
      int ww = s.length >= 2 ? s[s.length - 1] : s[0];
      boolean image = hh >= 4 && ww >= 4 && hh * ww == d.examples().get(0).original().length;
      if (image) {
        h.append("<div class='charts'>");
        for (RobustnessDetails.FlipExample e : d.examples()) {
          double lo2 = Double.POSITIVE_INFINITY;
          double hi2 = Double.NEGATIVE_INFINITY;
          double[] diff = new double[e.original().length];
          for (int i = 0; i < diff.length; i++) {
            lo2 = Math.min(lo2, Math.min(e.original()[i], e.adversarial()[i]));
            hi2 = Math.max(hi2, Math.max(e.original()[i], e.adversarial()[i]));
            diff[i] = e.adversarial()[i] - e.original()[i];
          }
          double md = Arrays.stream(diff).map(Math::abs).max().orElse(0);
          int cell = Math.max(4, 96 / Math.max(hh, ww));
          h.append("<div class='ex'>")
              .append(Svg.image(e.original(), hh, ww, lo2, hi2, false, cell, "label " + e.trueLabel()))
              .append(Svg.image(e.adversarial(), hh, ww, lo2, hi2, false, cell, "→ " + e.adversarialLabel()))
              .append(Svg.image(diff, hh, ww, -md, md, true, cell, "δ ±" + Svg.num(md)))
              .append("<div class='muted' style='font-size:12px'>row ").append(e.row()).append("<br>").append(esc(e.attack())).append("<br>").append(d.norm()).append(" ").append(Svg.num(e.distance())).append("</div></div>");
        }
        h.append("</div>");
      } else {
        h.append("<div class='charts'>");
        for (RobustnessDetails.FlipExample e : d.examples().subList(0, Math.min(3, d.examples().size()))) {
          Integer[] order = new Integer[e.original().length];
          for (int i = 0; i < order.length; i++) order[i] = i;
          Arrays.sort(order, (a, b) -> Double.compare(relative(e, b), relative(e, a)));
          h.append("<div><p>Row ").append(e.row()).append(": label ").append(e.trueLabel()).append(" → ").append(e.adversarialLabel()).append(" (").append(esc(e.attack())).append(", ").append(d.norm()).append(" ").append(Svg.num(e.distance())).append(")</p>");
          h.append("<table><tr><th>feature</th><th>original</th><th>adversarial</th><th>relative change</th></tr>");
          for (int i = 0; i < Math.min(6, order.length); i++) {
            int j = order[i];
            String name = j < d.featureNames().size() ? d.featureNames().get(j) : "x" + j;
            h.append("<tr><td>").append(esc(name)).append("</td><td class='n'>").append(Svg.num(e.original()[j])).append("</td><td class='n'>").append(Svg.num(e.adversarial()[j]))
                .append("</td><td class='n'>").append(String.format(Locale.ROOT, "%+.2f %%", 100 * (e.adversarial()[j] - e.original()[j]) / Math.max(Math.abs(e.original()[j]), 1e-12))).append("</td></tr>");
          }
          h.append("</table></div>");
        }
        h.append("</div>");
      }
    }
  }

  private static double relative(RobustnessDetails.FlipExample e, int j) {
    return Math.abs(e.adversarial()[j] - e.original()[j]) / Math.max(Math.abs(e.original()[j]), 1e-12);
  }

  private static void privacy(StringBuilder h, PrivacyDetails d) {
    double minF = Math.max(1e-4, Math.pow(10, Math.floor(Math.log10(1.0 / d.nonMembers()))));
    List<Svg.Series> log = new ArrayList<>();
    List<Svg.Series> lin = new ArrayList<>();
    int k = 0;
    for (PrivacyDetails.AttackRoc a : d.attacks()) {
      String col = Svg.COLOURS[k++ % Svg.COLOURS.length];
      double[] f = a.fpr().clone();
      double[] t = a.tpr().clone();
      for (int i = 0; i < f.length; i++) {
        f[i] = Math.max(f[i], minF);
        t[i] = Math.max(t[i], minF);
      }
      log.add(new Svg.Series(a.attack(), f, t, col, false, null, null));
      lin.add(new Svg.Series(a.attack(), a.fpr(), a.tpr(), col, false, null, null));
    }
    h.append("<div class='charts'>");
    h.append(Svg.lineChart("Membership ROC, log-log", new Svg.Axis("false-positive rate", minF, 1, true), new Svg.Axis("true-positive rate", minF, 1, true), log, true));
    h.append(Svg.lineChart("Membership ROC, linear", new Svg.Axis("false-positive rate", 0, 1, false), new Svg.Axis("true-positive rate", 0, 1, false), lin, false));
    h.append("</div>");
    h.append("<table><tr><th>attack</th><th>AUC</th><th>advantage</th><th>balanced accuracy</th><th>TPR @ 1 % FPR</th><th>TPR @ 0.1 % FPR</th></tr>");
    for (PrivacyDetails.AttackRoc a : d.attacks()) {
      h.append("<tr><td>").append(esc(a.attack())).append("</td><td class='n'>").append(f3(a.auc())).append("</td><td class='n'>").append(f3(a.advantage())).append("</td><td class='n'>").append(f3(a.balancedAccuracy()))
          .append("</td><td class='n'>").append(tprCell(a.tprAt1pctFpr())).append("</td><td class='n'>").append(tprCell(a.tprAt01pctFpr())).append("</td></tr>");
    }
    h.append("</table><p class='muted'>").append(d.members()).append(" members vs ").append(d.nonMembers())
        .append(" non-members; the lowest measurable FPR is ").append(Svg.num(1.0 / d.nonMembers())).append(". Points at the left edge of the log plot are at or below it.</p>");
  }

  private static void fairness(StringBuilder h, FairnessDetails d) {
    for (FairnessDetails.AttributeResult a : d.attributes()) {
      h.append("<h3>").append(esc(a.attribute())).append("</h3>");
      List<String> groups = new ArrayList<>();
      List<String> metrics = List.of("selection rate", "accuracy", "TPR", "FPR");
      String[] keys = {"selection_rate", "accuracy", "tpr", "fpr"};
      List<GroupStats> gs = a.metrics().groups();
      double[][] v = new double[gs.size()][4];
      double[][] lo = new double[gs.size()][4];
      double[][] hi = new double[gs.size()][4];
      for (int g = 0; g < gs.size(); g++) {
        GroupStats s = gs.get(g);
        groups.add(s.group() + " (n=" + s.count() + ")");
        double[] vals = {s.selectionRate(), s.accuracy(), s.tpr(), s.fpr()};
        for (int m = 0; m < 4; m++) {
          v[g][m] = vals[m];
          double[] ci = a.intervals().get(s.group() + "/" + keys[m]);
          lo[g][m] = ci == null ? Double.NaN : ci[0];
          hi[g][m] = ci == null ? Double.NaN : ci[1];
        }
      }
      h.append("<div class='charts'>").append(Svg.groupedBars("Per-group rates: " + a.attribute(), groups, metrics, v, lo, hi)).append("</div>");
      h.append("<table><tr><th>group</th><th>n</th><th>selection rate</th><th>accuracy</th><th>TPR</th><th>FPR</th></tr>");
      for (GroupStats s : gs) row(h, s, false);
      row(h, a.metrics().overall(), true);
      h.append("</table>");
      summaryTable(h, a);
    }
  }

  private static void summaryTable(StringBuilder h, FairnessDetails.AttributeResult a) {
    var m = a.metrics();
    h.append("<table><tr><th>metric</th><th>value</th><th>95 % CI</th></tr>");
    metricRow(h, "demographic parity difference", m.demographicParityDifference(), a.intervals().get("demographicParityDifference"));
    metricRow(h, "demographic parity ratio = disparate impact (flag &lt; 0.8; heuristic)", m.demographicParityRatio(), a.intervals().get("disparateImpact"));
    metricRow(h, "equalized odds difference", m.equalizedOddsDifference(), a.intervals().get("equalizedOddsDifference"));
    metricRow(h, "equalized odds ratio", m.equalizedOddsRatio(), null);
    metricRow(h, "equal opportunity difference", m.equalOpportunityDifference(), a.intervals().get("equalOpportunityDifference"));
    h.append("</table>");
  }

  private static void metricRow(StringBuilder h, String name, double v, double[] ci) {
    h.append("<tr><td>").append(name).append("</td><td class='n'>").append(f3(v)).append("</td><td class='n'>").append(ci == null ? "" : f3(ci[0]) + " – " + f3(ci[1])).append("</td></tr>");
  }

  private static void row(StringBuilder h, GroupStats s, boolean bold) {
    String b0 = bold ? "<b>" : "";
    String b1 = bold ? "</b>" : "";
    h.append("<tr><td>").append(b0).append(esc(s.group())).append(b1).append("</td><td class='n'>").append(s.count()).append("</td><td class='n'>").append(f3(s.selectionRate()))
        .append("</td><td class='n'>").append(f3(s.accuracy())).append("</td><td class='n'>").append(f3(s.tpr())).append("</td><td class='n'>").append(f3(s.fpr())).append("</td></tr>");
  }

  private static void stability(StringBuilder h, StabilityDetails d) {
    h.append("<table><tr><th>probe</th><th>result</th><th>detail</th></tr>");
    for (StabilityDetails.Probe p : d.probes()) {
      h.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(p.passed() ? "<span class='sev OK'>PASS</span>" : "<span class='sev HIGH'>FAIL</span>")
          .append("</td><td>").append(esc(p.detail())).append("</td></tr>");
    }
    h.append("</table>");
    List<StabilityDetails.FeatureSensitivity> top = d.features().subList(0, Math.min(12, d.features().size()));
    if (!top.isEmpty()) {
      List<String> labels = new ArrayList<>();
      double[] v = new double[top.size()];
      double max = 0;
      for (int i = 0; i < top.size(); i++) {
        labels.add(top.get(i).feature());
        v[i] = 100 * top.get(i).maxChangedShare();
        max = Math.max(max, v[i]);
      }
      if (max == 0) {
        for (int i = 0; i < top.size(); i++) v[i] = top.get(i).meanProbabilityChange();
        max = Arrays.stream(v).max().orElse(0);
        h.append("<div class='charts'>").append(Svg.hbars("No prediction changed; mean change of the predicted class's probability", labels, v, max, "")).append("</div>");
      } else {
        h.append("<div class='charts'>").append(Svg.hbars("Predictions changed by ×1.01 / ×0.99 / tiny noise (worst of the three)", labels, v, Math.max(max, 5), " %")).append("</div>");
      }
    }
  }

  private static void kv(StringBuilder h, Map<String, Object> m) {
    h.append("<table>");
    for (Map.Entry<String, Object> e : m.entrySet()) h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
    h.append("</table>");
  }

  private static void meta(StringBuilder h, String k, String v) {
    h.append("<div>").append(esc(k)).append("</div><div>").append(esc(v)).append("</div>");
  }

  private static String pct(Double v) {
    if (v == null || Double.isNaN(v)) return "–";
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  /** A TPR at a fixed FPR; null means the FPR is below what the non-members can resolve. */
  private static String tprCell(Double v) {
    return v == null ? "<span class='muted' title='below 1 / non-members'>not measurable</span>" : pct(v);
  }

  private static String f3(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String esc(String s) {
    return Svg.esc(s);
  }

}
