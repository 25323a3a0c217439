package io.modelvet.dynamic.inversion;

import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.Stats;
import io.modelvet.dynamic.TestConfig;
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
 * Model inversion (OWASP ML03): attribute inference of {@code --infer COL} from the other features,
 * the true label and the model's answers ({@link AttributeInference}); for image inputs also
 * class-representative reconstruction ({@link ClassReconstruction}) compared with the nearest
 * given row of the class.
 */
public final class InversionTest {
  /** Records attacked at most. */
  static final int MAX_ROWS = 1000;
  /** Reconstruction queries per class in multiples of --budget. */
  static final int RECONSTRUCTION_FACTOR = 5;

  private InversionTest() {}

  /** Queries the test spends at most. */
  public static long queryCap(int rows, int values, int classes, boolean image, int budget) {
    return (long) Math.min(rows, MAX_ROWS) * values + rows + (image ? (long) classes * RECONSTRUCTION_FACTOR * budget : 0);
  }

  public static TestResult run(Classifier model, InputDomain dom, Dataset data, TestConfig cfg, Progress progress) {
    String title = "Model inversion / attribute inference";
    int[] shape = model.sampleShape();
    boolean image = shape.length >= 2 && shape[shape.length - 1] >= 4 && shape[shape.length - 2] >= 4;
    if (!data.hasLabels()) return TestResult.skipped("inversion", title, "the data has no target labels (--target)");
    if (cfg.inferColumn() == null && !image) return TestResult.skipped("inversion", title, "name the sensitive feature to infer with --infer COL (image models get class reconstructions without it)");
    long q0 = model.queries();
    SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5EED_0007L);
    InversionDetails.AttributeResult attr = null;
    Map<String, Object> params = new LinkedHashMap<>();
    Map<String, Object> metrics = new LinkedHashMap<>();
    List<DynamicFinding> findings = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    if (cfg.inferColumn() != null) {
      int col = data.featureNames() == null ? -1 : Arrays.asList(data.featureNames()).indexOf(cfg.inferColumn());
      if (col < 0) return TestResult.skipped("inversion", title, "--infer " + cfg.inferColumn() + " is not one of the model's feature columns");
      double[] values = AttributeInference.values(data, col);
      if (values == null || values.length < 2)
        return TestResult.skipped("inversion", title, "--infer " + cfg.inferColumn() + " needs 2 to " + AttributeInference.MAX_VALUES + " distinct values in the data");
      progress.update("inversion: attribute " + cfg.inferColumn(), 0, 2);
      int[] rows = Stats.sample(data.rows(), Math.min(MAX_ROWS, data.rows()), rng);
      attr = AttributeInference.run(model, data, cfg.inferColumn(), col, rows);
      InversionDetails.AttackScore best = attr.attacks().get(1);
      for (InversionDetails.AttackScore a : attr.attacks().subList(1, attr.attacks().size())) if (a.advantage() > best.advantage()) best = a;
      params.put("inferredColumn", cfg.inferColumn());
      params.put("candidateValues", attr.values());
      params.put("recordsAttacked", rows.length);
      metrics.put("priorAccuracy", attr.attacks().get(0).accuracy());
      metrics.put("bestAttack", best.attack());
      metrics.put("inferenceAccuracy", best.accuracy());
      metrics.put("inferenceAuc", best.auc());
      metrics.put("advantage", best.advantage());
      double th = cfg.thresholds().get("inversion.advantage");
      if (best.advantage() >= th / 2) {
        Severity sev = best.advantage() >= th ? Severity.MEDIUM : Severity.LOW;
        findings.add(new DynamicFinding("inversion.attribute-inference", sev, Owasp.ML03, "The model reveals the sensitive feature '" + cfg.inferColumn() + "'",
            String.format(Locale.ROOT, "Knowing a record's other features and its label, the %s attack recovers '%s' for %.1f %% of %d records, against %.1f %% from its distribution alone (advantage %.3f%s). Whoever can query the model learns this attribute about people in the data.",
                best.attack(), cfg.inferColumn(), 100 * best.accuracy(), rows.length, 100 * attr.attacks().get(0).accuracy(), best.advantage(), best.auc() == null ? "" : String.format(Locale.ROOT, ", AUC %.3f", best.auc())),
            String.format(Locale.ROOT, "advantage %.3f (MEDIUM >= %.2f, LOW >= %.2f)", best.advantage(), th, th / 2)));
      }
      summary.add(String.format(Locale.ROOT, "'%s' inferred for %.1f %% of records vs %.1f %% from the prior (advantage %.3f)", cfg.inferColumn(), 100 * best.accuracy(), 100 * attr.attacks().get(0).accuracy(), best.advantage()));
    }
    List<InversionDetails.Reconstruction> recs = new ArrayList<>();
    if (image) {
      progress.update("inversion: class reconstruction", 1, 2);
      double[] mean = new double[dom.size()];
      for (double[] r : data.x()) for (int j = 0; j < mean.length; j++) mean[j] += r[j] / data.rows();
      int budget = RECONSTRUCTION_FACTOR * cfg.budget();
      for (int c = 0; c < model.numClasses(); c++) {
        ClassReconstruction.Outcome o = ClassReconstruction.run(model, dom, mean, c, budget, rng);
        int nearest = -1;
        double nd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < data.rows(); i++) {
          if (data.y()[i] != c) continue;
          double s = 0;
          for (int j = 0; j < mean.length; j++) s += (data.x()[i][j] - o.image()[j]) * (data.x()[i][j] - o.image()[j]);
          if (s < nd) {
            nd = s;
            nearest = i;
          }
        }
        recs.add(new InversionDetails.Reconstruction(c, o.image(), Stats.round(Math.exp(o.logProbability())), nearest < 0 ? Double.NaN : Stats.round(Math.sqrt(nd)), nearest, nearest < 0 ? null : data.x()[nearest], o.queries()));
      }
      params.put("reconstruction", "score-based random search from the mean data image, " + budget + " queries per class; distance = L2 to the nearest data row of the class");
      double[] conf = recs.stream().mapToDouble(InversionDetails.Reconstruction::confidence).toArray();
      metrics.put("reconstructionMedianConfidence", Stats.round(Stats.median(conf)));
      metrics.put("reconstructionMedianNearestDistance", Stats.round(Stats.median(recs.stream().mapToDouble(InversionDetails.Reconstruction::nearestDistance).toArray())));
      summary.add(String.format(Locale.ROOT, "class reconstructions reach median confidence %.2f", Stats.median(conf)));
      if (model.outputKind() == OutputKind.LABELS) summary.add("labels only: reconstruction has no score to climb");
    }
    progress.update("inversion", 2, 2);
    params.put("queryCap", queryCap(data.rows(), attr == null ? 0 : attr.values().size(), model.numClasses(), image, cfg.budget()));
    params.put("seed", cfg.seed());
    metrics.put("queries", model.queries() - q0);
    double lo = Arrays.stream(dom.lower()).min().orElse(0);
    double hi = Arrays.stream(dom.upper()).max().orElse(1);
    InversionDetails details = new InversionDetails(attr, recs, shape, lo, hi);
    return new TestResult("inversion", title, TestResult.statusOf(findings), String.join("; ", summary), params, metrics, findings, details);
  }
}
