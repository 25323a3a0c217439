package io.modelvet.dynamic.report;

import io.modelvet.dynamic.backdoor.BackdoorDetails;
import io.modelvet.dynamic.extraction.ExtractionDetails;
import io.modelvet.dynamic.inversion.InversionDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HTML sections of the backdoor, model-extraction and model-inversion families. */
final class ThreatSectionsHtml {
  private ThreatSectionsHtml() {}

  static void backdoor(StringBuilder h, BackdoorDetails d) {
    List<String> labels = new ArrayList<>();
    double[] idx = new double[d.classes().size()];
    double max = 2.5;
    for (int i = 0; i < idx.length; i++) {
      BackdoorDetails.ClassTrigger c = d.classes().get(i);
      labels.add("class " + c.target());
      idx[i] = Math.max(0, c.anomalyIndex());
      max = Math.max(max, idx[i]);
    }
    h.append("<div class='charts'>").append(Svg.hbars("Anomaly index of the minimal trigger (flag > 2)", labels, idx, max, "")).append("</div>");
    if (d.image()) {
      int[] s = d.sampleShape();
      int hh = s[s.length - 2];
      int ww = s[s.length - 1];
      int cell = Math.max(4, 96 / Math.max(hh, ww));
      h.append("<h3>Minimal triggers (red: set to the upper bound, blue: to the lower bound)</h3><div class='charts'>");
      for (BackdoorDetails.ClassTrigger c : d.classes()) {
        double[] img = new double[hh * ww];
        for (int k = 0; k < c.features().length; k++) {
          int f = c.features()[k] % (hh * ww);
          img[f] = c.values()[k] >= d.upper()[c.features()[k]] ? 1 : -1;
        }
        boolean suspect = d.suspectedTarget() != null && d.suspectedTarget() == c.target();
        h.append("<div class='ex'").append(suspect ? " style='border-color:#dc2626;border-width:2px'" : "").append(">")
            .append(Svg.image(img, hh, ww, -1, 1, true, cell, "class " + c.target()))
            .append("<div class='muted' style='font-size:12px'>").append(c.features().length).append(" px<br>ASR ").append(pct(c.successRate())).append(c.reached() ? "" : "<br>not reached").append("</div></div>");
      }
      h.append("</div>");
    }
    h.append("<table><tr><th>class</th><th>trigger size</th><th>reached</th><th>success on held-out inputs</th><th>anomaly index</th><th>queries</th>").append(d.image() ? "" : "<th>trigger</th>").append("</tr>");
    for (BackdoorDetails.ClassTrigger c : d.classes()) {
      h.append("<tr><td>").append(c.target()).append(d.suspectedTarget() != null && d.suspectedTarget() == c.target() ? " <span class='sev HIGH'>suspected</span>" : "").append("</td><td class='n'>")
          .append(c.reached() ? String.valueOf(c.size()) : "&gt; " + c.features().length).append("</td><td>").append(c.reached() ? "yes" : "no").append("</td><td class='n'>").append(pct(c.successRate()))
          .append("</td><td class='n'>").append(String.format(Locale.ROOT, "%.2f", c.anomalyIndex())).append("</td><td class='n'>").append(c.queries()).append("</td>");
      if (!d.image()) h.append("<td>").append(Svg.esc(tabularTrigger(c, d.featureNames()))).append("</td>");
      h.append("</tr>");
    }
    h.append("</table>");
  }

  private static String tabularTrigger(BackdoorDetails.ClassTrigger c, List<String> names) {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < c.features().length; k++) {
      int f = c.features()[k];
      parts.add((f < names.size() ? names.get(f) : "feature " + f) + " = " + Svg.num(c.values()[k]));
    }
    return String.join(", ", parts);
  }

  static void extraction(StringBuilder h, ExtractionDetails d) {
    int n = d.curve().size();
    double[] x = new double[n];
    double[] fid = new double[n];
    double[] acc = new double[n];
    boolean hasAcc = true;
    for (int i = 0; i < n; i++) {
      ExtractionDetails.CurvePoint p = d.curve().get(i);
      x[i] = p.queries();
      fid[i] = p.fidelity();
      hasAcc &= p.accuracy() != null;
      acc[i] = p.accuracy() == null ? Double.NaN : p.accuracy();
    }
    List<Svg.Series> series = new ArrayList<>();
    series.add(new Svg.Series("fidelity", x, fid, "#0f172a", true, null, null));
    if (hasAcc) series.add(new Svg.Series("surrogate accuracy", x, acc, Svg.COLOURS[2], false, null, null));
    double lo = 1;
    for (int i = 0; i < n; i++) lo = Math.min(lo, Math.min(fid[i], hasAcc ? acc[i] : 1));
    h.append("<div class='charts'>").append(Svg.lineChart("Surrogate vs victim queries", new Svg.Axis("victim queries", Math.max(1, x[0] / 2), x[n - 1] * 2, true),
        new Svg.Axis("share of held-out rows", Math.max(0, Math.floor(lo * 10) / 10 - 0.1), 1, false), series, false)).append("</div>");
    h.append("<table><tr><th>queries</th><th>fidelity (agrees with the model)</th><th>surrogate accuracy</th></tr>");
    for (ExtractionDetails.CurvePoint p : d.curve())
      h.append("<tr><td class='n'>").append(p.queries()).append("</td><td class='n'>").append(pct(p.fidelity())).append("</td><td class='n'>").append(pct(p.accuracy())).append("</td></tr>");
    h.append("</table><p class='muted'>").append(d.heldOut()).append(" held-out data rows; the model's own accuracy on them: ").append(pct(d.victimAccuracy())).append(". Queries: ").append(Svg.esc(d.querySource())).append(".</p>");
    ExtractionDetails.EquationSolvingResult e = d.equationSolving();
    if (e != null) {
      h.append("<p>Equation solving (Tram&egrave;r et al. 2016): ").append(e.linear()
          ? "<b>the model is log-linear; its weights were recovered exactly</b> (residual " + String.format(Locale.ROOT, "%.1e", e.maxResidual()) + ") with " + e.queries() + " queries. First weights: " + Svg.esc(e.weightsPreview().stream().map(Svg::num).toList().toString())
          : "does not apply: the model's log-odds are not linear (residual " + String.format(Locale.ROOT, "%.2g", e.maxResidual()) + " on the check queries)").append(".</p>");
    }
  }

  static void inversion(StringBuilder h, InversionDetails d) {
    InversionDetails.AttributeResult a = d.attribute();
    if (a != null) {
      h.append("<h3>Attribute inference of '").append(Svg.esc(a.column())).append("' (").append(a.rows()).append(" records; values ").append(Svg.esc(a.values().stream().map(Svg::num).toList().toString()))
          .append(", prior ").append(Svg.esc(a.prior().toString())).append(")</h3>");
      List<String> labels = new ArrayList<>();
      double[] v = new double[a.attacks().size()];
      for (int i = 0; i < v.length; i++) {
        String name = a.attacks().get(i).attack();
        labels.add(name.contains(" (") ? name.substring(0, name.indexOf(" (")) : name);
        v[i] = a.attacks().get(i).accuracy();
      }
      h.append("<div class='charts'>").append(Svg.hbars("Inference accuracy (prior-only baseline first)", labels, v, 1, "")).append("</div>");
      h.append("<table><tr><th>attack</th><th>accuracy</th><th>AUC</th><th>advantage over the prior</th></tr>");
      for (InversionDetails.AttackScore s : a.attacks())
        h.append("<tr><td>").append(Svg.esc(s.attack())).append("</td><td class='n'>").append(pct(s.accuracy())).append("</td><td class='n'>").append(s.auc() == null ? "–" : String.format(Locale.ROOT, "%.3f", s.auc()))
            .append("</td><td class='n'>").append(String.format(Locale.ROOT, "%+.3f", s.advantage())).append("</td></tr>");
      h.append("</table>");
    }
    if (!d.reconstructions().isEmpty()) {
      int[] s = d.sampleShape();
      int hh = s[s.length - 2];
      int ww = s[s.length - 1];
      int cell = Math.max(3, 72 / Math.max(hh, ww));
      h.append("<h3>Class representatives reconstructed from the model's scores (left) and the nearest given row of the class (right)</h3><div class='charts'>");
      for (InversionDetails.Reconstruction r : d.reconstructions()) {
        h.append("<div class='ex'>").append(Svg.image(r.image(), hh, ww, d.lower(), d.upper(), false, cell, "class " + r.target()));
        if (r.nearest() != null) h.append(Svg.image(r.nearest(), hh, ww, d.lower(), d.upper(), false, cell, "row " + r.nearestRow()));
        h.append("<div class='muted' style='font-size:12px'>p ").append(Svg.num(r.confidence())).append("<br>L2 ").append(Svg.num(r.nearestDistance())).append("</div></div>");
      }
      h.append("</div>");
    }
  }

  private static String pct(Double v) {
    if (v == null || Double.isNaN(v)) return "–";
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }
}
