package io.modelvet.dynamic.privacy;

/**
 * Likelihood-ratio attack with reference models (Carlini et al., S&amp;P 2022), fixed-variance form.
 *
 * <p>The statistic is the logit-scaled confidence φ = log p_y − log Σ_{k≠y} p_k. For each audit
 * row, the reference models that did not train on it (OUT) and those that did (IN) give the means
 * μ_out and μ_in of φ; one variance pooled over all rows stands in for per-row variances, which few
 * reference models cannot estimate. With IN and OUT models the score is the Gaussian log
 * likelihood ratio (online LiRA); with only OUT models it is (φ − μ_out)/σ_out (offline LiRA).
 */
public final class LiraAttack {
  private LiraAttack() {}

  /** φ from log-probabilities, computed without leaving log space. */
  public static double logitConfidence(double[] logProbs, int y) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < logProbs.length; k++) if (k != y) max = Math.max(max, logProbs[k]);
    double sum = 0;
    for (int k = 0; k < logProbs.length; k++) if (k != y) sum += Math.exp(logProbs[k] - max);
    return logProbs[y] - (max + Math.log(sum));
  }

  /**
   * Scores each audit row; higher means "more likely a member of the target's training set".
   *
   * @param target φ of each row under the target model
   * @param reference φ of each row under each reference model, {@code [row][model]}
   * @param in {@code [row][model]} true where the reference model trained on the row
   */
  public static double[] scores(double[] target, double[][] reference, boolean[][] in) {
    int n = target.length;
    double[] muIn = new double[n];
    double[] muOut = new double[n];
    boolean[] hasIn = new boolean[n];
    boolean[] hasOut = new boolean[n];
    double ssIn = 0;
    double ssOut = 0;
    int dfIn = 0;
    int dfOut = 0;
    for (int i = 0; i < n; i++) {
      double sIn = 0;
      double sOut = 0;
      int cIn = 0;
      int cOut = 0;
      for (int k = 0; k < reference[i].length; k++) {
        if (in[i][k]) {
          sIn += reference[i][k];
          cIn++;
        } else {
          sOut += reference[i][k];
          cOut++;
        }
      }
      hasIn[i] = cIn > 0;
      hasOut[i] = cOut > 0;
      muIn[i] = cIn > 0 ? sIn / cIn : Double.NaN;
      muOut[i] = cOut > 0 ? sOut / cOut : Double.NaN;
      for (int k = 0; k < reference[i].length; k++) {
        double d = reference[i][k] - (in[i][k] ? muIn[i] : muOut[i]);
        if (in[i][k]) ssIn += d * d; else ssOut += d * d;
      }
      if (cIn > 1) dfIn += cIn - 1;
      if (cOut > 1) dfOut += cOut - 1;
    }
    double sdIn = dfIn > 0 ? Math.sqrt(ssIn / dfIn) : Double.NaN;
    double sdOut = dfOut > 0 ? Math.sqrt(ssOut / dfOut) : 1;
    sdOut = Math.max(sdOut, 1e-6);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double phi = target[i];
      if (!hasOut[i]) {
        out[i] = hasIn[i] ? -Math.abs(phi - muIn[i]) / Math.max(sdIn, 1e-6) : 0; // nothing to compare with
      } else if (hasIn[i] && !Double.isNaN(sdIn)) {
        double s = Math.max(sdIn, 1e-6);
        out[i] = logNormal(phi, muIn[i], s) - logNormal(phi, muOut[i], sdOut);
      } else {
        out[i] = (phi - muOut[i]) / sdOut;
      }
    }
    return out;
  }

  private static double logNormal(double x, double mu, double sd) {
    double z = (x - mu) / sd;
    return -0.5 * z * z - Math.log(sd);
  }
}
