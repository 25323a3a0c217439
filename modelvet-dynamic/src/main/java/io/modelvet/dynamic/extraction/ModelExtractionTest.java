package io.modelvet.dynamic.extraction;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Model extraction (OWASP ML05): how well a surrogate trained only on the victim's answers copies it.
 *
 * <p>Queries are the data rows not held out (shuffled), then synthetic rows (a random blend of two
 * data rows plus uniform noise of 5 % of each feature's range, clipped to the bounds). A softmax
 * regression surrogate is trained on the victim's probability rows (one-hot labels for label-only
 * models) at each budget of {@link #BUDGETS} up to the configured maximum; fidelity (agreement with
 * the victim) and accuracy are measured on held-out data rows. For score outputs the Tramèr et al.
 * equation-solving attack is tried as well: it recovers a log-linear model exactly with d + 1 queries.
 */
public final class ModelExtractionTest {
  /** Query budgets of the curve. */
  public static final int[] BUDGETS = {100, 300, 1000, 3000, 10_000};

  private ModelExtractionTest() {}

  /** Victim queries the test spends: the largest budget, the held-out rows and the equation-solving attack. */
  public static long queryCost(int maxBudget, int heldOut, int d, boolean scores) {
    return maxBudget + heldOut + (scores ? d + 1 + EquationSolving.CHECK_QUERIES : 0);
  }

  public static TestResult run(Classifier model, InputDomain dom, Dataset data, TestConfig cfg, Progress progress) {
    String title = "Model extraction";
    if (data.rows() < 20) return TestResult.skipped("extraction", title, "needs at least 20 data rows (queries and a held-out set)");
    long q0 = model.queries();
    SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5EED_0005L);
    int n = data.rows();
    int[] perm = Stats.sample(n, n, rng);
    int heldOut = Math.min(1000, Math.max(10, n * 3 / 10));
    double[][] test = new double[heldOut][];
    int[] testY = data.hasLabels() ? new int[heldOut] : null;
    for (int i = 0; i < heldOut; i++) {
      test[i] = data.x()[perm[i]];
      if (testY != null) testY[i] = data.y()[perm[i]];
    }
    List<double[]> pool = new ArrayList<>();
    for (int i = heldOut; i < n; i++) pool.add(data.x()[perm[i]]);
    int maxBudget = cfg.extractionBudget();
    double[][] queries = new double[maxBudget][];
    int fromData = Math.min(pool.size(), maxBudget);
    for (int i = 0; i < maxBudget; i++) queries[i] = i < fromData ? pool.get(i) : synthesise(pool, dom, rng);
    progress.update("extraction: querying the victim", 0, BUDGETS.length + 1);
    boolean scores = model.outputKind() != OutputKind.LABELS;
    double[][] lp = model.logProbabilities(queries);
    double[][] targets = new double[maxBudget][];
    for (int i = 0; i < maxBudget; i++) {
      targets[i] = new double[lp[i].length];
      if (scores) for (int c = 0; c < lp[i].length; c++) targets[i][c] = Math.exp(lp[i][c]);
      else targets[i][argmax(lp[i])] = 1;
    }
    int[] victimTest = model.predict(test);
    List<ExtractionDetails.CurvePoint> curve = new ArrayList<>();
    int step = 0;
    for (int b : BUDGETS) {
      int budget = Math.min(b, maxBudget);
      if (!curve.isEmpty() && curve.get(curve.size() - 1).queries() == budget) break;
      progress.update("extraction: surrogate at " + budget + " queries", ++step, BUDGETS.length + 1);
      double[][] xq = java.util.Arrays.copyOf(queries, budget);
      double[][] tq = java.util.Arrays.copyOf(targets, budget);
      int epochs = Math.max(20, Math.min(200, 200_000 / budget));
      SoftmaxRegression s = SoftmaxRegression.fit(xq, tq, dom.lower(), dom.upper(), epochs, cfg.seed());
      int[] sp = s.predict(test);
      curve.add(new ExtractionDetails.CurvePoint(budget, Stats.round(agreement(sp, victimTest)), testY == null ? null : Stats.round(agreement(sp, testY))));
      if (budget == maxBudget) break;
    }
    ExtractionDetails.EquationSolvingResult eq = null;
    if (scores) {
      EquationSolving.Result r = EquationSolving.run(model, dom, cfg.seed());
      List<Double> preview = new ArrayList<>();
      for (int j = 0; j < Math.min(8, r.weights()[0].length); j++) preview.add(r.weights()[0][j]);
      eq = new ExtractionDetails.EquationSolvingResult(r.queries(), r.linear(), r.maxResidual(), preview);
    }
    Double victimAcc = testY == null ? null : Stats.round(agreement(victimTest, testY));
    String source = fromData == maxBudget ? "data rows not held out" : fromData + " data rows, then " + (maxBudget - fromData) + " synthetic rows (blend of two data rows + 5 % uniform noise, clipped to the bounds)";
    ExtractionDetails details = new ExtractionDetails(curve, heldOut, victimAcc, source, eq);

    Map<String, Object> params = new LinkedHashMap<>();
    params.put("budgets", curve.stream().map(ExtractionDetails.CurvePoint::queries).toList());
    params.put("surrogate", "softmax regression (Adam, L2 1e-4) on " + (scores ? "the victim's probability rows" : "the victim's labels"));
    params.put("querySource", source);
    params.put("heldOut", heldOut);
    params.put("equationSolving", scores ? "Tramer et al. 2016: d + 1 queries + " + EquationSolving.CHECK_QUERIES + " checks" : "not applicable (labels only)");
    params.put("queryCost", queryCost(maxBudget, heldOut, dom.size(), scores));
    params.put("seed", cfg.seed());
    Map<String, Object> metrics = new LinkedHashMap<>();
    ExtractionDetails.CurvePoint last = curve.get(curve.size() - 1);
    metrics.put("fidelity", last.fidelity());
    metrics.put("surrogateAccuracy", last.accuracy());
    metrics.put("victimAccuracy", victimAcc);
    Integer q90 = queriesToFidelity(curve, cfg.thresholds().get("extraction.fidelity"));
    metrics.put("queriesToFidelity", q90);
    if (eq != null) metrics.put("equationSolvingRecoveredWeights", eq.linear());
    metrics.put("queries", model.queries() - q0);
    List<DynamicFinding> findings = findings(curve, q90, eq, dom.size(), cfg.thresholds());
    String summary = String.format(Locale.ROOT, "surrogate agrees with the model on %.1f %% of held-out rows after %d queries%s%s",
        100 * last.fidelity(), last.queries(), last.accuracy() == null ? "" : String.format(Locale.ROOT, " (surrogate accuracy %.1f %%, model %.1f %%)", 100 * last.accuracy(), 100 * victimAcc),
        eq == null ? "" : eq.linear() ? "; equation solving recovered the exact weights with " + (dom.size() + 1) + " queries" : "; equation solving does not apply (not log-linear)");
    return new TestResult("extraction", title, TestResult.statusOf(findings), summary, params, metrics, findings, details);
  }

  private static List<DynamicFinding> findings(List<ExtractionDetails.CurvePoint> curve, Integer q90, ExtractionDetails.EquationSolvingResult eq, int d, Thresholds th) {
    List<DynamicFinding> out = new ArrayList<>();
    if (eq != null && eq.linear()) {
      out.add(new DynamicFinding("extraction.equation-solving", Severity.HIGH, Owasp.ML05, "Exact weights recoverable from " + (d + 1) + " queries",
          String.format(Locale.ROOT, "The model's log-odds are linear in the input and it returns scores, so solving one linear system from %d queries recovers its weights exactly (Tramer et al. 2016; residual %.1e on %d check queries). Return labels or rounded scores, rate-limit, or monitor query patterns.", d + 1, eq.maxResidual(), EquationSolving.CHECK_QUERIES),
          String.format(Locale.ROOT, "max log-odds residual %.2e", eq.maxResidual())));
    }
    double fid = th.get("extraction.fidelity");
    if (q90 != null) {
      Severity sev = q90 <= th.get("extraction.medium-queries") ? Severity.MEDIUM : Severity.LOW;
      out.add(new DynamicFinding("extraction.surrogate-fidelity", sev, Owasp.ML05, "A copy of the model can be trained from its answers",
          String.format(Locale.ROOT, "A simple surrogate trained on %d of the model's answers agrees with it on at least %.0f %% of held-out inputs. A copied model leaks the owner's investment and lets attackers craft transferable adversarial examples offline.", q90, 100 * fid),
          String.format(Locale.ROOT, "fidelity >= %.2f after %d queries (MEDIUM at <= %.0f queries)", fid, q90, th.get("extraction.medium-queries"))));
    }
    return out;
  }

  private static Integer queriesToFidelity(List<ExtractionDetails.CurvePoint> curve, double target) {
    for (ExtractionDetails.CurvePoint p : curve) if (p.fidelity() >= target) return p.queries();
    return null;
  }

  private static double[] synthesise(List<double[]> pool, InputDomain dom, SplittableRandom rng) {
    double[] a = pool.get(rng.nextInt(pool.size()));
    double[] b = pool.get(rng.nextInt(pool.size()));
    double lam = rng.nextDouble();
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) out[j] = lam * a[j] + (1 - lam) * b[j] + 0.05 * dom.range(j) * (2 * rng.nextDouble() - 1);
    return dom.clip(out);
  }

  private static double agreement(int[] a, int[] b) {
    int s = 0;
    for (int i = 0; i < a.length; i++) if (a[i] == b[i]) s++;
    return (double) s / a.length;
  }

  private static int argmax(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
    return b;
  }
}
