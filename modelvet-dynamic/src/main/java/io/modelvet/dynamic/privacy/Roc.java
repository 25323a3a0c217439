package io.modelvet.dynamic.privacy;

import java.util.Arrays;

/**
 * Empirical ROC of a score that should be higher for members than for non-members.
 *
 * <p>Thresholds sweep every distinct score; ties move together (no interpolation inside a tie),
 * so AUC equals the Mann–Whitney statistic with ties counted half.
 */
public final class Roc {
  private final double[] fpr;
  private final double[] tpr;
  private final double auc;

  private Roc(double[] fpr, double[] tpr, double auc) {
    this.fpr = fpr;
    this.tpr = tpr;
    this.auc = auc;
  }

  /** Builds the ROC from member (positive) and non-member (negative) scores. */
  public static Roc of(double[] members, double[] nonMembers) {
    if (members.length == 0 || nonMembers.length == 0) throw new IllegalArgumentException("ROC needs members and non-members");
    int n = members.length + nonMembers.length;
    double[] s = new double[n];
    boolean[] pos = new boolean[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < members.length; i++) {
      s[i] = members[i];
      pos[i] = true;
    }
    for (int i = 0; i < nonMembers.length; i++) s[members.length + i] = nonMembers[i];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(s[i])) throw new IllegalArgumentException("NaN membership score");
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    double[] f = new double[n + 1];
    double[] t = new double[n + 1];
    int points = 1;
    int tp = 0;
    int fp = 0;
    double area = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      int dtp = 0;
      int dfp = 0;
      while (j < n && s[order[j]] == s[order[i]]) {
        if (pos[order[j]]) dtp++; else dfp++;
        j++;
      }
      area += dfp * (tp + dtp / 2.0);
      tp += dtp;
      fp += dfp;
      f[points] = (double) fp / nonMembers.length;
      t[points] = (double) tp / members.length;
      points++;
      i = j;
    }
    return new Roc(Arrays.copyOf(f, points), Arrays.copyOf(t, points), area / ((double) members.length * nonMembers.length));
  }

  /** Area under the curve. */
  public double auc() {
    return auc;
  }

  /** Highest TPR among thresholds whose FPR is at most {@code maxFpr}. */
  public double tprAtFpr(double maxFpr) {
    double best = 0;
    for (int i = 0; i < fpr.length; i++) if (fpr[i] <= maxFpr + 1e-15) best = Math.max(best, tpr[i]);
    return best;
  }

  /** Membership advantage max(TPR - FPR) over thresholds (Yeom et al.). */
  public double advantage() {
    double best = 0;
    for (int i = 0; i < fpr.length; i++) best = Math.max(best, tpr[i] - fpr[i]);
    return best;
  }

  /** Best balanced accuracy over thresholds: (1 + advantage) / 2. */
  public double balancedAccuracy() {
    return (1 + advantage()) / 2;
  }

  /** False-positive rates of the curve's corner points, from (0,0) to (1,1). */
  public double[] fpr() {
    return fpr.clone();
  }

  /** True-positive rates of the curve's corner points. */
  public double[] tpr() {
    return tpr.clone();
  }
}
