package io.modelvet.dynamic.extraction;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import java.util.SplittableRandom;

/**
 * The equation-solving extraction attack of Tramèr et al. (USENIX Security 2016) for models whose
 * log-odds are linear in the input (logistic / softmax regression returning probabilities or
 * logits): log p_c(x) - log p_0(x) = (w_c - w_0)·x + (b_c - b_0), so d + 1 queries at points in
 * general position give a square linear system per class. A few extra queries check the recovered
 * model; if they do not fit, the model is not log-linear and the attack does not apply.
 */
public final class EquationSolving {
  /** Extra queries used to check the solution. */
  public static final int CHECK_QUERIES = 20;

  private EquationSolving() {}

  /**
   * Outcome.
   *
   * @param weights recovered {@code [classes - 1][d]} differences w_c - w_0 (in user units)
   * @param biases recovered b_c - b_0
   * @param queries queries spent (d + 1 + checks)
   * @param maxResidual largest |log-odds error| on the check queries
   * @param linear whether the check queries fit (residual below 1e-4 relative to the log-odds scale)
   */
  public record Result(double[][] weights, double[] biases, int queries, double maxResidual, boolean linear) {}

  public static Result run(Classifier model, InputDomain dom, long seed) {
    int d = dom.size();
    int k = model.numClasses();
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] q = new double[d + 1][];
    for (int i = 0; i <= d; i++) q[i] = randomPoint(dom, rng);
    double[][] lp = model.logProbabilities(q);
    double[][] a = new double[d + 1][d + 1];
    double[][] rhs = new double[d + 1][k - 1];
    for (int i = 0; i <= d; i++) {
      System.arraycopy(q[i], 0, a[i], 0, d);
      a[i][d] = 1;
      for (int c = 1; c < k; c++) rhs[i][c - 1] = lp[i][c] - lp[i][0];
    }
    double[][] sol = solve(a, rhs); // [d + 1][k - 1]
    double[][] wts = new double[k - 1][d];
    double[] bias = new double[k - 1];
    for (int c = 0; c < k - 1; c++) {
      for (int j = 0; j < d; j++) wts[c][j] = sol[j][c];
      bias[c] = sol[d][c];
    }
    double[][] check = new double[CHECK_QUERIES][];
    for (int i = 0; i < CHECK_QUERIES; i++) check[i] = randomPoint(dom, rng);
    double[][] clp = model.logProbabilities(check);
    double maxRes = 0;
    double scale = 1;
    for (int i = 0; i < CHECK_QUERIES; i++) {
      for (int c = 1; c < k; c++) {
        double pred = bias[c - 1];
        for (int j = 0; j < d; j++) pred += wts[c - 1][j] * check[i][j];
        double actual = clp[i][c] - clp[i][0];
        scale = Math.max(scale, Math.abs(actual));
        maxRes = Math.max(maxRes, Math.abs(pred - actual));
      }
    }
    boolean linear = Double.isFinite(maxRes) && maxRes <= 1e-4 * scale;
    return new Result(wts, bias, d + 1 + CHECK_QUERIES, maxRes, linear);
  }

  private static double[] randomPoint(InputDomain dom, SplittableRandom rng) {
    double[] p = new double[dom.size()];
    for (int j = 0; j < p.length; j++) p[j] = dom.lower()[j] + rng.nextDouble() * dom.range(j);
    return p;
  }

  /** Gaussian elimination with partial pivoting; a singular system gives NaN. */
  static double[][] solve(double[][] a0, double[][] b0) {
    int n = a0.length;
    int m = b0[0].length;
    double[][] a = new double[n][];
    double[][] b = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
      b[i] = b0[i].clone();
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
      double[] t = a[col];
      a[col] = a[piv];
      a[piv] = t;
      t = b[col];
      b[col] = b[piv];
      b[piv] = t;
      double p = a[col][col];
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / p;
        if (f == 0) continue;
        for (int c = col; c < n; c++) a[r][c] -= f * a[col][c];
        for (int c = 0; c < m; c++) b[r][c] -= f * b[col][c];
      }
    }
    double[][] x = new double[n][m];
    for (int r = n - 1; r >= 0; r--) {
      for (int c = 0; c < m; c++) {
        double s = b[r][c];
        for (int j = r + 1; j < n; j++) s -= a[r][j] * x[j][c];
        x[r][c] = s / a[r][r];
      }
    }
    return x;
  }
}
