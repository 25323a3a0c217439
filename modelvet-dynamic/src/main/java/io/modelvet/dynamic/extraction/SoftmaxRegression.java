package io.modelvet.dynamic.extraction;

import java.util.SplittableRandom;

/**
 * Multinomial logistic regression trained by mini-batch Adam on soft or hard targets (cross-entropy
 * against a probability row), with inputs scaled to [0,1] by the given bounds and a small L2 penalty.
 *
 * <p>Written here rather than taken from a library: the Apache/MIT options (Tribuo, commons-math)
 * would add a trainer framework for what is a 60-line convex fit; Smile is GPL.
 */
public final class SoftmaxRegression {
  private final double[] lower;
  private final double[] scale;
  private final double[][] w; // [classes][d + 1], last column is the bias

  private SoftmaxRegression(double[] lower, double[] scale, double[][] w) {
    this.lower = lower;
    this.scale = scale;
    this.w = w;
  }

  /**
   * Fits the model.
   *
   * @param x rows in user units
   * @param targets per-row probability rows (one-hot for hard labels)
   * @param lower per-feature lower bound (for scaling)
   * @param upper per-feature upper bound
   * @param epochs passes over the data
   */
  public static SoftmaxRegression fit(double[][] x, double[][] targets, double[] lower, double[] upper, int epochs, long seed) {
    int d = lower.length;
    int k = targets[0].length;
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) scale[j] = 1 / Math.max(1e-12, upper[j] - lower[j]);
    double[][] w = new double[k][d + 1];
    double[][] m = new double[k][d + 1];
    double[][] v = new double[k][d + 1];
    double[][] g = new double[k][d + 1];
    SplittableRandom rng = new SplittableRandom(seed);
    int n = x.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    double lr = 0.05;
    double l2 = 1e-4;
    int batch = 32;
    long step = 0;
    double[] z = new double[d + 1];
    double[] p = new double[k];
    SoftmaxRegression model = new SoftmaxRegression(lower, scale, w);
    for (int e = 0; e < epochs; e++) {
      for (int i = n - 1; i > 0; i--) {
        int r = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[r];
        order[r] = t;
      }
      for (int s = 0; s < n; s += batch) {
        int end = Math.min(n, s + batch);
        for (double[] row : g) java.util.Arrays.fill(row, 0);
        for (int b = s; b < end; b++) {
          int i = order[b];
          model.features(x[i], z);
          model.probabilities(z, p);
          for (int c = 0; c < k; c++) {
            double err = p[c] - targets[i][c];
            if (err == 0) continue;
            for (int j = 0; j <= d; j++) g[c][j] += err * z[j];
          }
        }
        step++;
        double b1 = 1 - Math.pow(0.9, step);
        double b2 = 1 - Math.pow(0.999, step);
        for (int c = 0; c < k; c++) {
          for (int j = 0; j <= d; j++) {
            double gr = g[c][j] / (end - s) + (j < d ? l2 * w[c][j] : 0);
            m[c][j] = 0.9 * m[c][j] + 0.1 * gr;
            v[c][j] = 0.999 * v[c][j] + 0.001 * gr * gr;
            w[c][j] -= lr * (m[c][j] / b1) / (Math.sqrt(v[c][j] / b2) + 1e-8);
          }
        }
      }
    }
    return model;
  }

  /** Predicted class per row. */
  public int[] predict(double[][] x) {
    int[] out = new int[x.length];
    double[] z = new double[lower.length + 1];
    double[] p = new double[w.length];
    for (int i = 0; i < x.length; i++) {
      features(x[i], z);
      probabilities(z, p);
      int best = 0;
      for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
      out[i] = best;
    }
    return out;
  }

  private void features(double[] x, double[] z) {
    for (int j = 0; j < lower.length; j++) z[j] = (x[j] - lower[j]) * scale[j];
    z[lower.length] = 1;
  }

  private void probabilities(double[] z, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      double s = 0;
      for (int j = 0; j < z.length; j++) s += w[c][j] * z[j];
      p[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < p.length; c++) p[c] /= sum;
  }
}
