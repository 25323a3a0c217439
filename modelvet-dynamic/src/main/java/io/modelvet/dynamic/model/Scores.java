package io.modelvet.dynamic.model;

/** Small numeric helpers for score vectors. */
public final class Scores {
  private Scores() {}

  /** Index of the largest value (first one on ties). */
  public static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }

  /** Numerically stable log-softmax. */
  public static double[] logSoftmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) max = Math.max(max, v);
    double sum = 0;
    for (double v : logits) sum += Math.exp(v - max);
    double lse = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
    return out;
  }

  /** Log of probabilities, with {@link Classifier#LOG_ZERO} for zeros. */
  public static double[] logOf(double[] probs) {
    double[] out = new double[probs.length];
    for (int i = 0; i < probs.length; i++)
      out[i] = probs[i] > 0 ? Math.log(probs[i]) : Classifier.LOG_ZERO;
    return out;
  }

  /**
   * Margin of the true class: {@code log p_y - max_{k != y} log p_k}. Positive means correctly
   * classified; for logit outputs it equals the logit margin.
   */
  public static double margin(double[] logProbs, int y) {
    double other = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < logProbs.length; k++) if (k != y) other = Math.max(other, logProbs[k]);
    return logProbs[y] - other;
  }
}
