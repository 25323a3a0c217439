package io.modelvet.dynamic.privacy;

import io.modelvet.dynamic.Stats;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
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

/**
 * Membership inference (OWASP ML04) from known members and non-members: the loss-threshold,
 * confidence, entropy and modified-entropy attacks, each evaluated as a threshold sweep. Reported:
 * AUC, best balanced accuracy (advantage), and TPR at 1 % and 0.1 % FPR (Carlini et al. 2022: the
 * low-FPR regime is what matters for privacy), with the ROC for a log-log plot.
 */
public final class MembershipInferenceTest {
  private static final int CURVE_POINTS = 400;

  private MembershipInferenceTest() {}

  public static TestResult run(Classifier model, Dataset members, Dataset nonMembers, TestConfig cfg) {
    return run(model, members, nonMembers, null, cfg);
  }

  /**
   * Runs the threshold attacks and, when {@code references} is given, the LiRA attack.
   *
   * @param references reference models and their membership of the audit rows, or null
   */
  public static TestResult run(Classifier model, Dataset members, Dataset nonMembers, ReferenceModels references, TestConfig cfg) {
    String title = "Membership inference";
    if (members == null || nonMembers == null)
      return TestResult.skipped("privacy", title, "needs --members and --non-members files with labels");
    if (!members.hasLabels() || !nonMembers.hasLabels())
      return TestResult.skipped("privacy", title, "members and non-members need target labels");
    if (members.features() != model.inputSize() || nonMembers.features() != model.inputSize())
      return TestResult.skipped("privacy", title, "members/non-members have " + members.features() + "/" + nonMembers.features() + " features; the model takes " + model.inputSize());
    // every member and every non-member: AUC and TPR at a fixed FPR do not depend on class balance
    int nm = members.rows();
    int nn = nonMembers.rows();
    double minFpr = 1.0 / nn;
    long q0 = model.queries();
    double[][] mlp = model.logProbabilities(members.x());
    double[][] nlp = model.logProbabilities(nonMembers.x());
    List<PrivacyDetails.AttackRoc> attacks = new ArrayList<>();
    PrivacyDetails.AttackRoc best = null;
    for (MembershipSignals s : MembershipSignals.values()) {
      double[] ms = new double[nm];
      double[] ns = new double[nn];
      for (int i = 0; i < nm; i++) ms[i] = s.score(mlp[i], members.y()[i]);
      for (int i = 0; i < nn; i++) ns[i] = s.score(nlp[i], nonMembers.y()[i]);
      PrivacyDetails.AttackRoc a = attackRoc(s.label(), Roc.of(ms, ns), minFpr);
      attacks.add(a);
      if (best == null || a.auc() > best.auc()) best = a;
    }
    if (references != null) {
      int total = nm + nn;
      if (references.membership().length != total)
        return TestResult.skipped("privacy", title, "the membership matrix has " + references.membership().length + " rows; members + non-members have " + total);
      double[] target = new double[total];
      double[][] ref = new double[total][references.models().size()];
      double[][] rows = new double[total][];
      int[] ys = new int[total];
      for (int i = 0; i < total; i++) {
        boolean member = i < nm;
        double[] lp = member ? mlp[i] : nlp[i - nm];
        ys[i] = member ? members.y()[i] : nonMembers.y()[i - nm];
        rows[i] = member ? members.x()[i] : nonMembers.x()[i - nm];
        target[i] = LiraAttack.logitConfidence(lp, ys[i]);
      }
      for (int k = 0; k < references.models().size(); k++) {
        double[][] lp = references.models().get(k).logProbabilities(rows);
        for (int i = 0; i < total; i++) ref[i][k] = LiraAttack.logitConfidence(lp[i], ys[i]);
      }
      double[] sc = LiraAttack.scores(target, ref, references.membership());
      Roc roc = Roc.of(java.util.Arrays.copyOfRange(sc, 0, nm), java.util.Arrays.copyOfRange(sc, nm, total));
      PrivacyDetails.AttackRoc a = attackRoc("LiRA (" + references.models().size() + " refs)", roc, minFpr);
      attacks.add(a);
      if (a.auc() > best.auc()) best = a;
    }
    int correctM = 0;
    int correctN = 0;
    for (int i = 0; i < nm; i++) if (argmax(mlp[i]) == members.y()[i]) correctM++;
    for (int i = 0; i < nn; i++) if (argmax(nlp[i]) == nonMembers.y()[i]) correctN++;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("members", nm);
    params.put("nonMembers", nn);
    params.put("balancing", "none needed: every row is used; AUC and TPR at fixed FPR do not depend on the member/non-member ratio");
    params.put("attacks", attacks.stream().map(PrivacyDetails.AttackRoc::attack).toList());
    params.put("lowestMeasurableFpr", Stats.round(minFpr));
    params.put("referenceModels", references == null ? "none given (LiRA needs --reference-models and --memberships)" : references.models().size() + " (fixed-variance LiRA, online when IN and OUT models exist)");
    params.put("seed", cfg.seed());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("bestAttack", best.attack());
    metrics.put("auc", best.auc());
    metrics.put("advantage", best.advantage());
    metrics.put("balancedAccuracy", best.balancedAccuracy());
    Double tpr1 = maxTpr(attacks, PrivacyDetails.AttackRoc::tprAt1pctFpr);
    Double tpr01 = maxTpr(attacks, PrivacyDetails.AttackRoc::tprAt01pctFpr);
    metrics.put("lowestMeasurableFpr", Stats.round(minFpr));
    metrics.put("tprAt1pctFpr", tpr1);
    metrics.put("tprAt0.1pctFpr", tpr01);
    metrics.put("memberAccuracy", Stats.round((double) correctM / nm));
    metrics.put("nonMemberAccuracy", Stats.round((double) correctN / nn));
    metrics.put("generalisationGap", Stats.round((double) correctM / nm - (double) correctN / nn));
    metrics.put("queries", model.queries() - q0);
    List<DynamicFinding> findings = findings(best, tpr1, nm, nn, cfg.thresholds(), model.outputKind());
    String summary = String.format(Locale.ROOT, "best attack (%s) AUC %.3f, advantage %.3f, TPR %s at 1 %% FPR, %s at 0.1 %% FPR (%d members vs %d non-members; lowest measurable FPR %s)",
        best.attack(), best.auc(), best.advantage(), tprText(tpr1), tprText(tpr01), nm, nn, String.format(Locale.ROOT, "%.2g", minFpr));
    return new TestResult("privacy", title, TestResult.statusOf(findings), summary, params, metrics, findings, new PrivacyDetails(attacks, nm, nn));
  }

  /** An attack's ROC summary; TPR at an FPR below 1 / non-members is not measurable and left null. */
  static PrivacyDetails.AttackRoc attackRoc(String name, Roc roc, double minFpr) {
    double[][] thin = thin(roc.fpr(), roc.tpr());
    return new PrivacyDetails.AttackRoc(name, Stats.round(roc.auc()), Stats.round(roc.advantage()), Stats.round(roc.balancedAccuracy()),
        measurable(roc, 0.01, minFpr), measurable(roc, 0.001, minFpr), thin[0], thin[1]);
  }

  private static Double measurable(Roc roc, double fpr, double minFpr) {
    return fpr + 1e-12 < minFpr ? null : Stats.round(roc.tprAtFpr(fpr));
  }

  private static Double maxTpr(List<PrivacyDetails.AttackRoc> attacks, java.util.function.Function<PrivacyDetails.AttackRoc, Double> f) {
    Double best = null;
    for (PrivacyDetails.AttackRoc a : attacks) {
      Double v = f.apply(a);
      if (v != null && (best == null || v > best)) best = v;
    }
    return best;
  }

  /** "12.0 %" or "not measurable" for a TPR that the number of non-members cannot resolve. */
  public static String tprText(Double tpr) {
    return tpr == null ? "not measurable" : String.format(Locale.ROOT, "%.1f %%", 100 * tpr);
  }

  private static List<DynamicFinding> findings(PrivacyDetails.AttackRoc best, Double tpr1, int nm, int n, Thresholds th, OutputKind kind) {
    List<DynamicFinding> out = new ArrayList<>();
    Severity sev = null;
    if (best.auc() >= th.get("privacy.high-auc")) sev = Severity.HIGH;
    else if (best.auc() >= th.get("privacy.medium-auc") || (tpr1 != null && nm >= 100 && tpr1 >= th.get("privacy.tpr-at-1pct"))) sev = Severity.MEDIUM;
    else if (best.auc() >= th.get("privacy.low-auc")) sev = Severity.LOW;
    if (sev != null) {
      out.add(new DynamicFinding("privacy.membership-leak", sev, Owasp.ML04, "Training-set membership can be inferred from outputs",
          String.format(Locale.ROOT, "Using only the model's outputs, the %s attack tells training members from non-members with AUC %.3f (0.5 = chance) and finds %s of members at a 1 %% false-positive rate. Someone holding a person's record can test whether it was used for training. Regularisation, early stopping or differentially private training reduce this.",
              best.attack(), best.auc(), tprText(tpr1)),
          String.format(Locale.ROOT, "AUC %.3f (thresholds: HIGH %.2f, MEDIUM %.2f, LOW %.2f); TPR@1%%FPR %s", best.auc(), th.get("privacy.high-auc"), th.get("privacy.medium-auc"), th.get("privacy.low-auc"), tpr1 == null ? "not measurable" : Stats.round(tpr1))));
    }
    if (n < 1000) {
      out.add(new DynamicFinding("privacy.small-sample", Severity.INFO, Owasp.ML04, "Too few non-members for the 0.1 % FPR point",
          "With " + n + " non-members the lowest false-positive rate the data can resolve is 1/" + n + " = " + String.format(Locale.ROOT, "%.2g", 1.0 / n) + "; TPR at 0.1 % FPR is reported as not measurable below 1 000 non-members (several thousand preferred).",
          "non-members " + n));
    }
    if (kind == OutputKind.LABELS) {
      out.add(new DynamicFinding("privacy.labels-only", Severity.INFO, Owasp.ML04, "Only labels available",
          "The model returns labels only, so the score-based attacks reduce to the correctness gap; label-only attacks (boundary distance) could still do better.", "output kind labels"));
    }
    return out;
  }

  private static double[][] select(double[][] x, int[] idx) {
    double[][] out = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) out[i] = x[idx[i]];
    return out;
  }

  private static int argmax(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
    return b;
  }

  /** Keeps at most CURVE_POINTS corner points, always including the low-FPR end densely (log axes). */
  private static double[][] thin(double[] f, double[] t) {
    if (f.length <= CURVE_POINTS) return new double[][] {round(f), round(t)};
    List<double[]> keep = new ArrayList<>();
    double lastLog = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < f.length; i++) {
      double lf = Math.log10(Math.max(f[i], 1e-6));
      if (i == 0 || i == f.length - 1 || lf - lastLog >= 6.0 / CURVE_POINTS || f[i] == 0) {
        keep.add(new double[] {f[i], t[i]});
        lastLog = lf;
      }
    }
    double[] ff = new double[keep.size()];
    double[] tt = new double[keep.size()];
    for (int i = 0; i < ff.length; i++) {
      ff[i] = Stats.round(keep.get(i)[0]);
      tt[i] = Stats.round(keep.get(i)[1]);
    }
    return new double[][] {ff, tt};
  }

  private static double[] round(double[] v) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) o[i] = Stats.round(v[i]);
    return o;
  }
}
