package io.modelvet.dynamic;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.OutputKind;

/**
 * A model whose decisions a test can compute by hand: class 1 when the first feature is at least
 * {@code cut}, else class 0. With {@code cut = 0.5} and features 0/1 the first feature IS the
 * prediction, so a test writes the confusion matrix it wants straight into the data.
 */
public final class ThresholdModel implements Classifier {
  private final int features;
  private final double cut;
  private final OutputKind kind;
  private long queries;

  public ThresholdModel(int features, double cut, OutputKind kind) {
    this.features = features;
    this.cut = cut;
    this.kind = kind;
  }

  @Override public int inputSize() { return features; }
  @Override public int[] sampleShape() { return new int[] {features}; }
  @Override public int numClasses() { return 2; }
  @Override public OutputKind outputKind() { return kind; }
  @Override public long queries() { return queries; }
  @Override public long runtimeNanos() { return 0; }
  @Override public void close() {}

  @Override
  public double[][] rawScores(double[][] rows) {
    queries += rows.length;
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = rows[i][0] >= cut ? new double[] {0, 1} : new double[] {1, 0};
    return out;
  }

  @Override
  public double[][] logProbabilities(double[][] rows) {
    double[][] r = rawScores(rows);
    for (double[] v : r) for (int k = 0; k < 2; k++) v[k] = v[k] == 1 ? 0 : LOG_ZERO;
    return r;
  }
}
