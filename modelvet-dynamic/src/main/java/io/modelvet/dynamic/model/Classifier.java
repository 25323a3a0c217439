package io.modelvet.dynamic.model;

/**
 * A black-box classifier: rows in, per-class log-probabilities out. Every row sent is one query.
 *
 * <p>Rows are flat vectors in the user's units (the {@link InputDomain} maps them to what the model
 * expects). Implementations count queries and must be safe to call from one thread at a time.
 */
public interface Classifier extends AutoCloseable {

  /** Number of input values per sample (product of the per-sample shape). */
  int inputSize();

  /** Per-sample input shape without the batch dimension, e.g. {@code [1, 8, 8]} or {@code [30]}. */
  int[] sampleShape();

  /** Number of classes the output covers. */
  int numClasses();

  /** What the model returns; decides which attacks and signals are meaningful. */
  OutputKind outputKind();

  /**
   * Log-probabilities per row, shape {@code [rows][numClasses]}. For logit outputs this is the
   * log-softmax (so margins equal logit margins); for label-only outputs the predicted class gets 0
   * and the others {@link #LOG_ZERO}.
   */
  double[][] logProbabilities(double[][] rows);

  /**
   * Outputs as the model returns them (logits, probabilities, or one-hot labels), one row per
   * input; used to check output sanity. Counts as queries.
   */
  double[][] rawScores(double[][] rows);

  /** Total rows sent to the model so far. */
  long queries();

  /** Nanoseconds spent inside the model runtime (tensor creation, run, decoding excluded). */
  long runtimeNanos();

  /** Stand-in for log(0) that keeps arithmetic finite. */
  double LOG_ZERO = -1e9;

  /** Predicted class per row (arg max). */
  default int[] predict(double[][] rows) {
    double[][] lp = logProbabilities(rows);
    int[] out = new int[lp.length];
    for (int i = 0; i < lp.length; i++) out[i] = Scores.argmax(lp[i]);
    return out;
  }

  @Override
  void close();
}
