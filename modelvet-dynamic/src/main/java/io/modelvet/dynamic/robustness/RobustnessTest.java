package io.modelvet.dynamic.robustness;

import io.modelvet.dynamic.Progress;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Adversarial robustness (OWASP ML01): clean accuracy, then Square Attack (score-based), a random
 * noise baseline and HopSkipJump (decision-based, minimal distance) on the correctly classified
 * points. A point counts as broken at ε if any attack found a misclassified input within ε; robust
 * accuracy is therefore the per-point worst case, and an upper bound on the true robust accuracy.
 */
public final class RobustnessTest {
  static final String SQUARE = "square";
  static final String NOISE = "noise";
  static final String HSJ = "hopskipjump";
  private static final int NOISE_TRIALS = 20;
  private static final int MAX_EXAMPLES = 4;

  private RobustnessTest() {}

  /**
   * Default radii: 1, 2, 5, 10 and 20 % of the median feature range (times √d for L2). The tests
   * apply them in the per-feature range space ({@link FeatureScaling}), where every range is 1, so
   * each feature moves by at most that fraction of its own range.
   */
  public static List<Double> defaultEpsilons(InputDomain dom, Norm norm) {
    double[] ranges = new double[dom.size()];
    for (int j = 0; j < ranges.length; j++) ranges[j] = dom.range(j);
    double base = Stats.median(ranges) * (norm == Norm.L2 ? Math.sqrt(dom.size()) : 1);
    List<Double> e = new ArrayList<>();
    for (double f : new double[] {0.01, 0.02, 0.05, 0.1, 0.2}) e.add(Stats.round(f * base));
    return e;
  }

  public static TestResult run(Classifier model, InputDomain dom, Dataset data, TestConfig cfg, Progress progress) {
    String title = "Adversarial robustness (" + cfg.norm().label() + ")";
    if (!data.hasLabels()) return TestResult.skipped("robustness", title, "the data has no target labels (--target)");
    SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5EED_0001L);
    FeatureScaling scaling = cfg.epsilons().isEmpty() ? FeatureScaling.perFeatureRange(dom) : FeatureScaling.dataUnits(dom);
    Classifier attacked = scaling.wrap(model);
    InputDomain space = scaling.attackDomain();
    List<Double> eps = new ArrayList<>(cfg.epsilons().isEmpty() ? defaultEpsilons(space, cfg.norm()) : cfg.epsilons());
    eps.sort(Double::compare);
    int[] rows = Stats.sample(data.rows(), cfg.samples(), rng);
    double[][] x = new double[rows.length][];
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      x[i] = data.x()[rows[i]];
      y[i] = data.y()[rows[i]];
    }
    int[] pred = model.predict(x);
    List<Integer> correct = new ArrayList<>();
    for (int i = 0; i < x.length; i++) if (pred[i] == y[i]) correct.add(i);
    int n = x.length;
    int c = correct.size();
    double[][] xc = new double[c][];
    int[] yc = new int[c];
    double[][] xa = new double[c][];
    for (int k = 0; k < c; k++) {
      xc[k] = x[correct.get(k)];
      yc[k] = y[correct.get(k)];
      xa[k] = scaling.toAttack(xc[k]);
    }
    long q0 = model.queries();

    // smallest epsilon at which each attack broke each point
    Map<String, double[]> brokenAt = new LinkedHashMap<>();
    boolean scores = model.outputKind() != OutputKind.LABELS;
    if (scores) brokenAt.put(SQUARE, filled(c));
    brokenAt.put(NOISE, filled(c));
    brokenAt.put(HSJ, filled(c));
    List<RobustnessDetails.FlipExample> examples = new ArrayList<>();
    List<Double> squareQueries = new ArrayList<>();
    List<Double> squareNorms = new ArrayList<>();
    int steps = eps.size() * (scores ? 2 : 1) + c;
    int done = 0;
    for (double e : eps) {
      progress.update("robustness: noise eps=" + e, done, steps);
      AttackResult[] nr = settle(scaling, new RandomNoise(cfg.norm(), e, NOISE_TRIALS).run(attacked, space, xa, yc, rng), xa, cfg.norm());
      record(brokenAt.get(NOISE), nr, e);
      done++;
      if (scores) {
        progress.update("robustness: square eps=" + e, done, steps);
        double[] sq = brokenAt.get(SQUARE);
        List<Integer> todo = new ArrayList<>();
        for (int k = 0; k < c; k++) if (Double.isInfinite(sq[k])) todo.add(k);
        double[][] xt = new double[todo.size()][];
        int[] yt = new int[todo.size()];
        for (int t = 0; t < todo.size(); t++) {
          xt[t] = xa[todo.get(t)];
          yt[t] = yc[todo.get(t)];
        }
        AttackResult[] sr = todo.isEmpty() ? new AttackResult[0]
            : settle(scaling, new SquareAttack(cfg.norm(), e, cfg.budget(), 0.3).run(attacked, space, xt, yt, rng), xt, cfg.norm());
        for (int t = 0; t < sr.length; t++) {
          if (!within(sr[t], e)) continue;
          int k = todo.get(t);
          sq[k] = e;
          squareQueries.add((double) sr[t].queries());
          squareNorms.add(sr[t].distance());
          if (examples.size() < MAX_EXAMPLES) {
            int lbl = attacked.predict(new double[][] {sr[t].adversarial()})[0];
            examples.add(new RobustnessDetails.FlipExample(rows[correct.get(k)], SQUARE + " eps=" + e, yc[k], lbl, sr[t].distance(), xc[k], scaling.toData(sr[t].adversarial())));
          }
        }
        done++;
      }
    }
    HopSkipJump hsj = HopSkipJump.withBudget(cfg.norm(), cfg.budget());
    double[] dist = new double[c];
    double[] hsjQueries = new double[c];
    List<RobustnessDetails.PointDistance> hsjPoints = new ArrayList<>();
    for (int k = 0; k < c; k++) {
      progress.update("robustness: hopskipjump", done++, steps);
      AttackResult r = scaling.settle(hsj.run(attacked, space, xa[k], yc[k], otherClassStarts(Arrays.asList(xa), yListOf(yc), yc[k]), rng), xa[k], cfg.norm());
      dist[k] = r.distance();
      hsjQueries[k] = r.queries();
      hsjPoints.add(new RobustnessDetails.PointDistance(rows[correct.get(k)], r.success(), r.success() ? Stats.round(r.distance()) : null, r.queries()));
      if (r.success()) {
        for (double e : eps) {
          if (r.distance() <= e) {
            brokenAt.get(HSJ)[k] = Math.min(brokenAt.get(HSJ)[k], e);
            break;
          }
        }
        if (examples.size() < MAX_EXAMPLES && !scores)
          examples.add(new RobustnessDetails.FlipExample(rows[correct.get(k)], HSJ, yc[k], r.adversarialLabel(), r.distance(), xc[k], scaling.toData(r.adversarial())));
      }
    }
    progress.update("robustness", steps, steps);

    List<RobustnessDetails.CurvePoint> curve = new ArrayList<>();
    for (double e : eps) {
      Map<String, Double> by = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> a : brokenAt.entrySet()) by.put(a.getKey(), (double) (c - countAtMost(a.getValue(), e)) / n);
      int broken = 0;
      for (int k = 0; k < c; k++) {
        boolean b = false;
        for (double[] at : brokenAt.values()) b |= at[k] <= e;
        if (b) broken++;
      }
      double[] ci = Stats.wilson(c - broken, n);
      curve.add(new RobustnessDetails.CurvePoint(e, by, (double) (c - broken) / n, c == 0 ? 0 : (double) broken / c, ci[0], ci[1]));
    }
    double[] sortedDist = dist.clone();
    Arrays.sort(sortedDist);
    List<Double> distances = new ArrayList<>();
    for (double d : sortedDist) distances.add(d);

    Map<String, Object> params = new LinkedHashMap<>();
    params.put("norm", cfg.norm().label());
    params.put("epsilons", eps);
    params.put("epsilonsSource", cfg.epsilons().isEmpty() ? "default: 1/2/5/10/20 % of each feature's range" + (cfg.norm() == Norm.L2 ? " x sqrt(d)" : "") : "user");
    params.put("epsilonScale", scaling.label());
    params.put("epsilonMeaning", scaling.isScaled()
        ? "each feature is scaled to [0, 1] by its range (the bounds), so feature j moves by at most eps x range(j); distances are in these scaled units"
        : "one epsilon for every feature, in the data's units");
    params.put("bounds", dom.source());
    if (scaling.isScaled()) params.put("featureRanges", featureRanges(dom));
    params.put("budgetPerPoint", cfg.budget());
    params.put("sampledPoints", n);
    params.put("attacks", new ArrayList<>(brokenAt.keySet()));
    params.put("squarePInit", 0.3);
    params.put("noiseTrials", NOISE_TRIALS);
    params.put("hopSkipJump", "init_eval 100, max_eval 10000, 40 iterations, gamma 1; start: nearest correctly classified points of other classes bisected towards the input, else blended uniform noise");
    params.put("seed", cfg.seed());

    double cleanAcc = (double) c / n;
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("cleanAccuracy", Stats.round(cleanAcc));
    metrics.put("cleanAccuracyCI95", List.of(Stats.round(Stats.wilson(c, n)[0]), Stats.round(Stats.wilson(c, n)[1])));
    metrics.put("attackedPoints", c);
    Map<String, Double> robust = new LinkedHashMap<>();
    Map<String, Double> success = new LinkedHashMap<>();
    for (RobustnessDetails.CurvePoint p : curve) {
      robust.put(fmt(p.epsilon()), Stats.round(p.worstCase()));
      success.put(fmt(p.epsilon()), Stats.round(p.successRate()));
    }
    metrics.put("robustAccuracy", robust);
    metrics.put("attackSuccessRate", success);
    metrics.put("squareMedianQueries", Stats.round(Stats.median(toArray(squareQueries))));
    metrics.put("squareMedianPerturbation", Stats.round(Stats.median(toArray(squareNorms))));
    double[] finite = Arrays.stream(dist).filter(Double::isFinite).toArray();
    double medianAll = c == 0 ? Double.NaN : Stats.median(dist);
    metrics.put("hopSkipJumpMedianDistance", Double.isFinite(medianAll) ? Stats.round(medianAll) : null);
    metrics.put("hopSkipJumpMedianQueries", Stats.round(Stats.median(hsjQueries)));
    metrics.put("hopSkipJumpFound", finite.length);
    metrics.put("hopSkipJumpFoundShare", c == 0 ? null : Stats.round((double) finite.length / c));
    metrics.put("queries", model.queries() - q0);

    List<DynamicFinding> findings = findings(curve, cfg.thresholds(), cfg.norm(), Double.isFinite(medianAll) ? medianAll : Double.NaN, model.outputKind());
    String summary = String.format(Locale.ROOT, "clean accuracy %.1f %%; robust accuracy %.1f %% at %s eps=%s and %.1f %% at eps=%s (worst case over %d attacks; eps %s)",
        100 * cleanAcc, 100 * curve.get(0).worstCase(), cfg.norm().label(), fmt(eps.get(0)),
        100 * curve.get(curve.size() - 1).worstCase(), fmt(eps.get(eps.size() - 1)), brokenAt.size(),
        scaling.isScaled() ? "as a fraction of each feature's range" : "in data units");
    List<String> names = data.featureNames() == null ? List.of() : List.of(data.featureNames());
    RobustnessDetails details = new RobustnessDetails(cfg.norm().label(), scaling.label(), cleanAcc, curve, distances, hsjPoints, examples, model.sampleShape(), names);
    return new TestResult("robustness", title, TestResult.statusOf(findings), summary, params, metrics, findings, details);
  }

  static List<DynamicFinding> findings(List<RobustnessDetails.CurvePoint> curve, Thresholds th, Norm norm, double medianDist, OutputKind kind) {
    List<DynamicFinding> out = new ArrayList<>();
    RobustnessDetails.CurvePoint first = curve.get(0);
    RobustnessDetails.CurvePoint last = curve.get(curve.size() - 1);
    String medianText = Double.isNaN(medianDist) ? "" : String.format(Locale.ROOT, " The median minimal %s perturbation found by HopSkipJump is %s.", norm.label(), fmt(medianDist));
    if (first.successRate() >= th.get("robustness.high-success")) {
      out.add(new DynamicFinding("robustness.adversarial-flip", Severity.HIGH, Owasp.ML01, "Decisions flip under the smallest perturbation tested",
          String.format(Locale.ROOT, "Black-box attacks changed the model's decision for %.0f %% of correctly classified inputs with a %s perturbation of at most %s (the smallest radius tested). An attacker who can query the model can craft such inputs.%s", 100 * first.successRate(), norm.label(), fmt(first.epsilon()), medianText),
          String.format(Locale.ROOT, "success rate %.3f >= %.2f at eps=%s", first.successRate(), th.get("robustness.high-success"), fmt(first.epsilon()))));
    } else if (last.successRate() >= th.get("robustness.medium-success")) {
      out.add(new DynamicFinding("robustness.adversarial-flip", Severity.MEDIUM, Owasp.ML01, "Decisions flip under perturbations within the tested radius",
          String.format(Locale.ROOT, "Black-box attacks changed the decision for %.0f %% of correctly classified inputs at %s eps=%s (largest radius tested); robust accuracy falls to %.1f %%.%s", 100 * last.successRate(), norm.label(), fmt(last.epsilon()), 100 * last.worstCase(), medianText),
          String.format(Locale.ROOT, "success rate %.3f >= %.2f at eps=%s", last.successRate(), th.get("robustness.medium-success"), fmt(last.epsilon()))));
    } else {
      for (RobustnessDetails.CurvePoint p : curve) {
        if (p.successRate() >= th.get("robustness.low-success")) {
          out.add(new DynamicFinding("robustness.adversarial-flip", Severity.LOW, Owasp.ML01, "Some decisions flip under small perturbations",
              String.format(Locale.ROOT, "Attacks changed %.0f %% of correct decisions at %s eps=%s.%s", 100 * p.successRate(), norm.label(), fmt(p.epsilon()), medianText),
              String.format(Locale.ROOT, "success rate %.3f >= %.2f", p.successRate(), th.get("robustness.low-success"))));
          break;
        }
      }
    }
    if (kind == OutputKind.LOGITS || kind == OutputKind.PROBABILITIES) {
      out.add(new DynamicFinding("robustness.scores-exposed", Severity.INFO, Owasp.ML01, "Full scores are exposed",
          "The model returns " + (kind == OutputKind.LOGITS ? "raw logits" : "full probability vectors") + ", which lets score-based attacks such as Square Attack work efficiently. Returning only labels raises attack cost (it does not prevent decision-based attacks).",
          "output kind " + kind.name().toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  /**
   * HopSkipJump starting candidates for a point of class {@code y}: the correctly classified points
   * of every other class (the attack tries the nearest ones first).
   */
  static List<double[]> otherClassStarts(List<double[]> correct, List<Integer> labels, int y) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < correct.size(); i++) if (labels.get(i) != y) out.add(correct.get(i));
    return out;
  }

  private static List<Integer> yListOf(int[] y) {
    return Arrays.stream(y).boxed().toList();
  }

  private static AttackResult[] settle(FeatureScaling scaling, AttackResult[] r, double[][] x, Norm norm) {
    AttackResult[] out = new AttackResult[r.length];
    for (int k = 0; k < r.length; k++) out[k] = scaling.settle(r[k], x[k], norm);
    return out;
  }

  private static List<Double> featureRanges(InputDomain dom) {
    List<Double> out = new ArrayList<>();
    for (int j = 0; j < dom.size(); j++) out.add(Stats.round(dom.range(j)));
    return out;
  }

  private static double[] filled(int c) {
    double[] a = new double[c];
    Arrays.fill(a, Double.POSITIVE_INFINITY);
    return a;
  }

  /** Counts a point broken at {@code e} only if its adversarial lies within e (rounding of integer features may not stretch the ball). */
  private static void record(double[] brokenAt, AttackResult[] r, double e) {
    for (int k = 0; k < r.length; k++) if (within(r[k], e)) brokenAt[k] = Math.min(brokenAt[k], e);
  }

  static boolean within(AttackResult r, double e) {
    return r.success() && r.distance() <= e * (1 + 1e-9);
  }

  private static int countAtMost(double[] v, double e) {
    int n = 0;
    for (double a : v) if (a <= e) n++;
    return n;
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String fmt(double v) {
    return Stats.trimZeros(String.format(Locale.ROOT, "%.4g", v));
  }
}
