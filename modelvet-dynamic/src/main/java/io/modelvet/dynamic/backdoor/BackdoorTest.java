package io.modelvet.dynamic.backdoor;

import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.Stats;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
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
import java.util.TreeSet;

/**
 * Backdoor / data-poisoning detection (OWASP ML02, ML10) in the manner of Neural Cleanse (Wang et
 * al., IEEE S&amp;P 2019), black-box: for every class, {@link TriggerSearch} looks for the smallest
 * trigger that sends most correctly classified inputs of other classes to it. A poisoned model has a
 * shortcut to its target class, so that class's minimal trigger is an outlier on the small side:
 * anomaly index = (median − size) / (1.4826 · MAD) over classes, flagged above
 * {@code backdoor.anomaly-index} (2, as in the paper).
 */
public final class BackdoorTest {
  /** Inputs per class the search optimises on. */
  static final int OPT_ROWS = 30;
  /** Held-out inputs per class for the reported success rate. */
  static final int EVAL_ROWS = 100;
  /** Largest trigger tried, as a share of the input's features. */
  static final double MAX_SHARE = 0.16;
  /** Per-class query allowance in multiples of --budget. */
  static final int BUDGET_FACTOR = 50;
  /** MAD floor in features, so ties among censored classes do not make every difference infinite. */
  static final double MIN_MAD = 1.0;

  private BackdoorTest() {}

  /** Largest window side tried on an image: the window covers at most {@link #MAX_SHARE} of a channel. */
  public static int maxSide(int[] shape) {
    int h = shape[shape.length - 2];
    int w = shape[shape.length - 1];
    return Math.max(1, (int) Math.floor(Math.sqrt(MAX_SHARE * h * w)));
  }

  private static int channels(int[] shape) {
    int c = 1;
    for (int i = 0; i < shape.length - 2; i++) c *= shape[i];
    return c;
  }

  /** Largest trigger size (features) tried for a tabular input of {@code d} features. */
  public static int maxSize(int d) {
    return Math.max(3, (int) Math.ceil(MAX_SHARE * d));
  }

  /** Most queries the test may spend: per class, the budget plus the held-out check. */
  public static long queryCap(int classes, int budget) {
    return (long) classes * ((long) BUDGET_FACTOR * budget + EVAL_ROWS);
  }

  public static TestResult run(Classifier model, InputDomain dom, Dataset data, TestConfig cfg, Progress progress) {
    String title = "Backdoor / data poisoning (trigger search)";
    if (!data.hasLabels()) return TestResult.skipped("backdoor", title, "the data has no target labels (--target)");
    int k = model.numClasses();
    if (k < 3) return TestResult.skipped("backdoor", title, "needs at least 3 classes for the outlier statistics");
    long q0 = model.queries();
    SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5EED_0006L);
    int[] pred = model.predict(data.x());
    int d = dom.size();
    int[] shape = model.sampleShape();
    boolean image = shape.length >= 2 && shape[shape.length - 1] >= 4 && shape[shape.length - 2] >= 4;
    List<double[]> values = valueChoices(dom, data, image);
    TriggerSearch search = new TriggerSearch(model, dom, image, values);
    int maxSide = image ? maxSide(shape) : 0;
    int cap = image ? maxSide * maxSide * channels(shape) : Math.min(d, maxSize(d));
    long perClass = (long) BUDGET_FACTOR * cfg.budget();
    List<BackdoorDetails.ClassTrigger> triggers = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      progress.update("backdoor: class " + t, t, k);
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < data.rows(); i++) if (data.y()[i] != t && pred[i] == data.y()[i]) others.add(i);
      if (others.size() < 10) continue;
      int[] pick = Stats.sample(others.size(), Math.min(others.size(), OPT_ROWS + EVAL_ROWS), rng);
      int nOpt = Math.min(OPT_ROWS, pick.length / 2);
      double[][] opt = new double[nOpt][];
      double[][] eval = new double[pick.length - nOpt][];
      for (int i = 0; i < pick.length; i++) {
        double[] row = data.x()[others.get(pick[i])];
        if (i < nOpt) opt[i] = row; else eval[i - nOpt] = row;
      }
      long before = model.queries();
      double target = cfg.thresholds().get("backdoor.success");
      TriggerSearch.Result r = image ? search.searchWindow(opt, t, maxSide, target, perClass) : search.search(opt, t, cap, target, perClass, rng);
      double asr = search.successRate(eval, r.trigger(), t);
      int[] feats = r.trigger().stream().mapToInt(TriggerSearch.Assignment::feature).toArray();
      double[] vals = r.trigger().stream().mapToDouble(TriggerSearch.Assignment::value).toArray();
      int size = r.reached() ? feats.length : 2 * cap; // censored: not reached within the cap, counted as twice the cap
      triggers.add(new BackdoorDetails.ClassTrigger(t, size, r.reached(), Stats.round(asr), 0, feats, vals, model.queries() - before));
    }
    progress.update("backdoor", k, k);
    if (triggers.size() < 3) return TestResult.skipped("backdoor", title, "fewer than 3 classes have 10 correctly classified inputs of other classes");
    double[] sizes = triggers.stream().mapToDouble(BackdoorDetails.ClassTrigger::size).toArray();
    double med = Stats.median(sizes);
    double[] dev = Arrays.stream(sizes).map(s -> Math.abs(s - med)).toArray();
    double mad = Math.max(MIN_MAD, Stats.median(dev));
    List<BackdoorDetails.ClassTrigger> scored = new ArrayList<>();
    BackdoorDetails.ClassTrigger suspect = null;
    double limit = cfg.thresholds().get("backdoor.anomaly-index");
    for (BackdoorDetails.ClassTrigger c : triggers) {
      double idx = Stats.round((med - c.size()) / (1.4826 * mad));
      BackdoorDetails.ClassTrigger s = new BackdoorDetails.ClassTrigger(c.target(), c.size(), c.reached(), c.successRate(), idx, c.features(), c.values(), c.queries());
      scored.add(s);
      if (c.reached() && idx > limit && (suspect == null || idx > suspect.anomalyIndex())) suspect = s;
    }
    List<String> names = data.featureNames() == null ? List.of() : List.of(data.featureNames());
    BackdoorDetails details = new BackdoorDetails(scored, suspect == null ? null : suspect.target(), shape, image, dom.lower(), dom.upper(), names);

    Map<String, Object> params = new LinkedHashMap<>();
    params.put("method", (image ? "mask + pattern search per class: square windows up to " + maxSide + "x" + maxSide + " at every position, constant pattern at a bound, then pruned" : "greedy score-based search per class for a sparse assignment of features to bounds or observed categorical values") + "; Neural Cleanse MAD anomaly index (classes not reached count as twice the cap)");
    params.put("maxTriggerSize", cap);
    params.put("optimisationRows", OPT_ROWS);
    params.put("evaluationRows", EVAL_ROWS);
    params.put("successTarget", cfg.thresholds().get("backdoor.success"));
    params.put("queriesPerClassCap", perClass);
    params.put("queryCap", queryCap(k, cfg.budget()));
    params.put("seed", cfg.seed());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("suspectedTarget", suspect == null ? null : suspect.target());
    metrics.put("maxAnomalyIndex", scored.stream().mapToDouble(BackdoorDetails.ClassTrigger::anomalyIndex).max().orElse(0));
    metrics.put("medianTriggerSize", med);
    if (suspect != null) {
      metrics.put("triggerSize", suspect.size());
      metrics.put("triggerShare", Stats.round((double) suspect.size() / d));
      metrics.put("attackSuccessRate", suspect.successRate());
    }
    metrics.put("queries", model.queries() - q0);
    List<DynamicFinding> findings = new ArrayList<>();
    if (suspect != null) {
      findings.add(new DynamicFinding("backdoor.trigger-outlier", Severity.HIGH, Owasp.ML10, "Class " + suspect.target() + " has an abnormally small trigger (possible backdoor)",
          String.format(Locale.ROOT, "Setting only %d of %d input features (%.1f %%) sends %.0f %% of held-out inputs of other classes to class %d, while the median class needs %s. Such a shortcut is what a poisoned training set (ML02) or an implanted backdoor (ML10) leaves. Inspect the trigger, the training data of class %d and the model's provenance.",
              suspect.size(), d, 100.0 * suspect.size() / d, 100 * suspect.successRate(), suspect.target(), sizeText(med, cap), suspect.target()),
          String.format(Locale.ROOT, "anomaly index %.2f > %.1f (size %d, median %s, MAD %.2f)", suspect.anomalyIndex(), limit, suspect.size(), sizeText(med, cap), mad)));
    }
    String summary = suspect == null
        ? String.format(Locale.ROOT, "no class has an outlying minimal trigger (largest anomaly index %.2f; median trigger %s)", metrics.get("maxAnomalyIndex"), sizeText(med, cap))
        : String.format(Locale.ROOT, "suspected backdoor target class %d: a %d-feature trigger sends %.0f %% of other inputs to it (anomaly index %.2f)", suspect.target(), suspect.size(), 100 * suspect.successRate(), suspect.anomalyIndex());
    return new TestResult("backdoor", title, TestResult.statusOf(findings), summary, params, metrics, findings, details);
  }

  private static String sizeText(double med, int cap) {
    return med > cap ? "more than " + cap + " features (not reached)" : Stats.round(med) + " features";
  }

  /** Values a trigger may assign: the bounds (integers inside them for integer features); for tabular features with at most 8 distinct observed values, those too. */
  static List<double[]> valueChoices(InputDomain dom, Dataset data, boolean image) {
    List<double[]> out = new ArrayList<>();
    for (int j = 0; j < dom.size(); j++) {
      TreeSet<Double> v = new TreeSet<>();
      v.add(dom.isInteger(j) ? Math.ceil(dom.lower()[j]) : dom.lower()[j]);
      v.add(dom.isInteger(j) ? Math.floor(dom.upper()[j]) : dom.upper()[j]);
      if (!image) {
        TreeSet<Double> seen = new TreeSet<>();
        for (double[] row : data.x()) {
          seen.add(row[j]);
          if (seen.size() > 8) break;
        }
        if (seen.size() <= 8) v.addAll(seen);
      }
      out.add(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return out;
  }
}
