package io.modelvet.dynamic.stability;

import io.modelvet.dynamic.Stats;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OutputKind;
import io.modelvet.dynamic.report.DynamicFinding;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.report.Owasp;
import io.modelvet.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cheap black-box probes in the style of Giskard's scan: output sanity (NaN, probabilities not
 * summing to one), stochasticity (the same batch twice), batch-versus-single consistency, and
 * metamorphic invariance per numeric feature under ×1.01, ×0.99 and +N(0, (0.01·σ)²).
 */
public final class StabilityTest {
  /** Most features probed one by one (the most varied ones when there are more). */
  public static final int MAX_FEATURES = 64;
  private static final int SINGLE_ROWS = 50;
  private static final String[] TRANSFORMS = {"x1.01", "x0.99", "+N(0,0.01sd)"};

  private StabilityTest() {}

  public static TestResult run(Classifier model, InputDomain dom, Dataset data, TestConfig cfg) {
    SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5EED_0004L);
    Thresholds th = cfg.thresholds();
    int[] idx = Stats.sample(data.rows(), Math.max(cfg.samples(), 100), rng);
    double[][] x = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) x[i] = data.x()[idx[i]];
    long q0 = model.queries();
    List<StabilityDetails.Probe> probes = new ArrayList<>();
    List<DynamicFinding> findings = new ArrayList<>();

    double[][] raw1 = model.rawScores(x);
    double[][] raw2 = model.rawScores(x);
    outputSanity(model, raw1, th, probes, findings);
    int differ = 0;
    for (int i = 0; i < x.length; i++) if (!close(raw1[i], raw2[i], 1e-6)) differ++;
    probes.add(new StabilityDetails.Probe("stochasticity", differ == 0, differ + " of " + x.length + " rows gave different outputs on a second identical call"));
    if (differ > 0) {
      findings.add(new DynamicFinding("stability.stochastic", Severity.MEDIUM, Owasp.ML09, "Outputs change between identical calls",
          differ + " of " + x.length + " rows gave different outputs when the same batch was sent twice. Randomised outputs make results irreproducible and can mask adversarial weakness (AutoAttack flags randomised defences); check for dropout or random ops left active.",
          "rows differing: " + differ));
    }
    int single = Math.min(SINGLE_ROWS, x.length);
    int inconsistent = 0;
    double worst = 0;
    for (int i = 0; i < single; i++) {
      double[] one = model.rawScores(new double[][] {x[i]})[0];
      double d = maxAbsDiff(one, raw1[i]);
      worst = Math.max(worst, d);
      if (d > 1e-4 * (1 + maxAbs(one))) inconsistent++;
    }
    probes.add(new StabilityDetails.Probe("batch vs single", inconsistent == 0,
        String.format(Locale.ROOT, "%d of %d rows differ when sent alone instead of in a batch (largest difference %.3g)", inconsistent, single, worst)));
    if (inconsistent > 0) {
      findings.add(new DynamicFinding("stability.batch-dependence", Severity.MEDIUM, Owasp.ML09, "Outputs depend on the rest of the batch",
          inconsistent + " of " + single + " rows get different outputs alone than inside a batch. A row's decision should not depend on other rows: this indicates batch statistics or cross-row leakage in the graph.",
          String.format(Locale.ROOT, "largest difference %.3g", worst)));
    }

    List<StabilityDetails.FeatureSensitivity> feats = featureSensitivity(model, dom, data, x, rng);
    double limit = th.get("stability.changed-share");
    List<String> bad = new ArrayList<>();
    double worstShare = 0;
    for (StabilityDetails.FeatureSensitivity f : feats) {
      if (f.maxChangedShare() >= limit) bad.add(String.format(Locale.ROOT, "%s (%.1f %%)", f.feature(), 100 * f.maxChangedShare()));
      worstShare = Math.max(worstShare, f.maxChangedShare());
    }
    if (!bad.isEmpty()) {
      Severity sev = worstShare >= 2 * limit ? Severity.MEDIUM : Severity.LOW;
      findings.add(new DynamicFinding("stability.perturbation-sensitive", sev, Owasp.ML01, "Tiny feature changes flip predictions",
          String.format(Locale.ROOT, "Changing a single feature by 1 %% or by small noise changed at least %.0f %% of predictions for %d feature(s): %s. Decisions this close to the boundary are brittle and easy to manipulate.",
              100 * limit, bad.size(), String.join(", ", bad.subList(0, Math.min(8, bad.size()))) + (bad.size() > 8 ? ", ..." : "")),
          String.format(Locale.ROOT, "worst changed share %.3f (LOW >= %.2f, MEDIUM >= %.2f)", worstShare, limit, 2 * limit)));
    }
    findings.sort((p, q) -> q.severity().compareTo(p.severity()));

    Map<String, Object> params = new LinkedHashMap<>();
    params.put("rows", x.length);
    params.put("singleRowChecks", single);
    params.put("transformations", List.of(TRANSFORMS));
    params.put("featuresProbed", feats.size());
    params.put("seed", cfg.seed());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("stochasticRows", differ);
    metrics.put("batchInconsistentRows", inconsistent);
    metrics.put("maxChangedShare", Stats.round(worstShare));
    metrics.put("mostSensitiveFeature", feats.isEmpty() ? null : feats.get(0).feature());
    metrics.put("queries", model.queries() - q0);
    long passed = probes.stream().filter(StabilityDetails.Probe::passed).count();
    String summary = String.format(Locale.ROOT, "%d of %d probes passed; most sensitive feature %s changes %.1f %% of predictions",
        passed, probes.size(), feats.isEmpty() ? "-" : feats.get(0).feature(), 100 * worstShare);
    return new TestResult("stability", "Stability and output integrity", TestResult.statusOf(findings), summary, params, metrics, findings, new StabilityDetails(probes, feats));
  }

  private static void outputSanity(Classifier model, double[][] raw, Thresholds th, List<StabilityDetails.Probe> probes, List<DynamicFinding> findings) {
    int nonFinite = 0;
    int badSum = 0;
    double worstSum = 0;
    for (double[] r : raw) {
      boolean nf = false;
      double s = 0;
      boolean neg = false;
      for (double v : r) {
        if (!Double.isFinite(v)) nf = true;
        s += v;
        if (v < 0) neg = true;
      }
      if (nf) nonFinite++;
      if (model.outputKind() == OutputKind.PROBABILITIES && r.length > 1 && (neg || Math.abs(s - 1) > th.get("stability.probability-sum"))) {
        badSum++;
        worstSum = Math.max(worstSum, Math.abs(s - 1));
      }
    }
    probes.add(new StabilityDetails.Probe("finite outputs", nonFinite == 0, nonFinite + " of " + raw.length + " rows contain NaN or infinity"));
    if (nonFinite > 0) {
      findings.add(new DynamicFinding("stability.non-finite-output", Severity.HIGH, Owasp.ML09, "Model returns NaN or infinite scores",
          nonFinite + " of " + raw.length + " rows produced NaN or infinite outputs on valid inputs. Downstream decisions on such outputs are undefined and may silently default.",
          "rows: " + nonFinite));
    }
    if (model.outputKind() == OutputKind.PROBABILITIES) {
      probes.add(new StabilityDetails.Probe("probabilities sum to 1", badSum == 0,
          String.format(Locale.ROOT, "%d of %d rows deviate by more than %.0e (worst %.3g)", badSum, raw.length, th.get("stability.probability-sum"), worstSum)));
      if (badSum > 0) {
        findings.add(new DynamicFinding("stability.probability-sum", Severity.LOW, Owasp.ML09, "Probabilities do not sum to one",
            badSum + " of " + raw.length + " probability rows are negative or do not sum to 1; consumers that treat them as probabilities get wrong confidence values.",
            String.format(Locale.ROOT, "worst |sum - 1| = %.3g", worstSum)));
      }
    } else {
      probes.add(new StabilityDetails.Probe("output kind", true, "model returns " + model.outputKind().name().toLowerCase(Locale.ROOT) + "; probability-sum check not applicable"));
    }
  }

  private static List<StabilityDetails.FeatureSensitivity> featureSensitivity(Classifier model, InputDomain dom, Dataset data, double[][] x, SplittableRandom rng) {
    int d = x[0].length;
    double[] sd = new double[d];
    for (int j = 0; j < d; j++) {
      double m = 0;
      for (double[] r : x) m += r[j];
      m /= x.length;
      double v = 0;
      for (double[] r : x) v += (r[j] - m) * (r[j] - m);
      sd[j] = Math.sqrt(v / x.length);
    }
    Integer[] order = new Integer[d];
    for (int j = 0; j < d; j++) order[j] = j;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(sd[b], sd[a]));
    int probe = Math.min(MAX_FEATURES, d);
    double[][] baseLp = model.logProbabilities(x);
    int[] base = new int[x.length];
    for (int i = 0; i < x.length; i++) base[i] = io.modelvet.dynamic.model.Scores.argmax(baseLp[i]);
    List<StabilityDetails.FeatureSensitivity> out = new ArrayList<>();
    for (int f = 0; f < probe; f++) {
      int j = order[f];
      if (sd[j] == 0) continue;
      Map<String, Double> share = new LinkedHashMap<>();
      double maxShare = 0;
      double probChange = 0;
      int probN = 0;
      for (String t : TRANSFORMS) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> who = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
          double v = x[i][j];
          double nv = switch (t) {
            case "x1.01" -> v * 1.01;
            case "x0.99" -> v * 0.99;
            default -> v + 0.01 * sd[j] * gaussian(rng);
          };
          nv = Math.min(dom.upper()[j], Math.max(dom.lower()[j], nv));
          if (nv == v) continue;
          double[] r = x[i].clone();
          r[j] = nv;
          rows.add(r);
          who.add(i);
        }
        if (rows.isEmpty()) continue;
        double[][] lp = model.logProbabilities(rows.toArray(new double[0][]));
        int changed = 0;
        for (int k = 0; k < lp.length; k++) {
          int i = who.get(k);
          if (io.modelvet.dynamic.model.Scores.argmax(lp[k]) != base[i]) changed++;
          probChange += Math.abs(Math.exp(lp[k][base[i]]) - Math.exp(baseLp[i][base[i]]));
          probN++;
        }
        double s = (double) changed / rows.size();
        share.put(t, Stats.round(s));
        maxShare = Math.max(maxShare, s);
      }
      String name = data.featureNames() != null && j < data.featureNames().length ? data.featureNames()[j] : "x" + j;
      out.add(new StabilityDetails.FeatureSensitivity(name, share, Stats.round(maxShare), Stats.round(probN == 0 ? 0 : probChange / probN)));
    }
    out.sort((a, b) -> a.maxChangedShare() != b.maxChangedShare() ? Double.compare(b.maxChangedShare(), a.maxChangedShare())
        : Double.compare(b.meanProbabilityChange(), a.meanProbabilityChange()));
    return out;
  }

  private static boolean close(double[] a, double[] b, double tol) {
    return maxAbsDiff(a, b) <= tol * (1 + maxAbs(a));
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) return Double.POSITIVE_INFINITY;
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
      m = Math.max(m, d);
    }
    return m;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
    return m;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
