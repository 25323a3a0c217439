package io.modelvet.dynamic.privacy;

/**
 * Per-sample membership scores computed from the model's output on a labelled sample. Each is
 * oriented so that a higher score means "more likely a member".
 */
public enum MembershipSignals {
  /** Negative cross-entropy loss {@code log p_y} (Yeom et al. LOSS attack). */
  LOSS("loss threshold"),
  /** Top-class probability {@code max_k p_k}. */
  CONFIDENCE("confidence"),
  /** Negative prediction entropy {@code sum_k p_k log p_k}. */
  ENTROPY("entropy"),
  /** Negative modified entropy of Song and Mittal (2021), which uses the true label. */
  MODIFIED_ENTROPY("modified entropy");

  private final String label;

  MembershipSignals(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Score of one sample from its log-probabilities and true label. */
  public double score(double[] logProbs, int y) {
    return switch (this) {
      case LOSS -> logProbs[y];
      case CONFIDENCE -> {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : logProbs) m = Math.max(m, v);
        yield Math.exp(m);
      }
      case ENTROPY -> {
        double s = 0;
        for (double lp : logProbs) s += Math.exp(lp) * lp;
        yield s;
      }
      case MODIFIED_ENTROPY -> {
        double py = Math.exp(logProbs[y]);
        double m = -(1 - py) * logProbs[y];
        for (int k = 0; k < logProbs.length; k++) {
          if (k == y) continue;
          double pk = Math.exp(logProbs[k]);
          m -= pk * log1mExp(logProbs[k]);
        }
        yield -m;
      }
    };
  }

  /** log(1 - exp(a)) for a &lt;= 0, accurate near 0 and for very negative a. */
  static double log1mExp(double a) {
    if (a >= 0) return -1e9;
    return a > -0.693 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
  }
}
