package io.modelvet.dynamic.robustness;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OutputKind;

/**
 * The space the attacks work in. With per-feature range scaling every feature is mapped linearly
 * from its bounds onto [0, 1], so one epsilon is the same fraction of every feature's range (a
 * feature spanning 0.001 is perturbed as much, relatively, as one spanning 2944). Without scaling
 * the attacks work in the data's units. Points are mapped back through {@link InputDomain#clip}
 * before the model sees them, so integer and categorical features stay valid.
 */
final class FeatureScaling {
  private final InputDomain raw;
  private final boolean scaled;

  private FeatureScaling(InputDomain raw, boolean scaled) {
    this.raw = raw;
    this.scaled = scaled;
  }

  /** Epsilon is a fraction of each feature's range. */
  static FeatureScaling perFeatureRange(InputDomain raw) {
    return new FeatureScaling(raw, true);
  }

  /** Epsilon is in the data's units. */
  static FeatureScaling dataUnits(InputDomain raw) {
    return new FeatureScaling(raw, false);
  }

  boolean isScaled() {
    return scaled;
  }

  /** Report label of the scaling. */
  String label() {
    return scaled ? "per-feature range" : "data units";
  }

  /** The domain the attacks clip to. */
  InputDomain attackDomain() {
    return scaled ? InputDomain.uniform(raw.size(), 0, 1, "per-feature range of " + raw.source()) : raw;
  }

  /** A point in data units mapped into the attack space. */
  double[] toAttack(double[] x) {
    if (!scaled) return x;
    double[] z = new double[x.length];
    for (int j = 0; j < x.length; j++) z[j] = (x[j] - raw.lower()[j]) / raw.range(j);
    return z;
  }

  /** A point in the attack space mapped back to data units: clipped, integer features rounded. */
  double[] toData(double[] z) {
    if (!scaled) return z;
    double[] x = new double[z.length];
    for (int j = 0; j < z.length; j++) x[j] = raw.lower()[j] + z[j] * raw.range(j);
    return raw.clip(x);
  }

  /** The model seen from the attack space. */
  Classifier wrap(Classifier model) {
    return scaled ? new Scaled(model) : model;
  }

  /**
   * The attack's result re-measured on the point the model actually saw (after rounding integer
   * features back in data units), so rounding never stretches the ball.
   */
  AttackResult settle(AttackResult r, double[] z, Norm norm) {
    if (!scaled || r.adversarial() == null) return r;
    double[] seen = toAttack(toData(r.adversarial()));
    double dist = r.success() ? norm.distance(z, seen) : r.distance();
    return new AttackResult(r.success(), seen, r.adversarialLabel(), r.queries(), dist);
  }

  private final class Scaled implements Classifier {
    private final Classifier model;

    Scaled(Classifier model) {
      this.model = model;
    }

    private double[][] back(double[][] rows) {
      double[][] out = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) out[i] = toData(rows[i]);
      return out;
    }

    @Override
    public int inputSize() {
      return model.inputSize();
    }

    @Override
    public int[] sampleShape() {
      return model.sampleShape();
    }

    @Override
    public int numClasses() {
      return model.numClasses();
    }

    @Override
    public OutputKind outputKind() {
      return model.outputKind();
    }

    @Override
    public double[][] logProbabilities(double[][] rows) {
      return model.logProbabilities(back(rows));
    }

    @Override
    public double[][] rawScores(double[][] rows) {
      return model.rawScores(back(rows));
    }

    @Override
    public long queries() {
      return model.queries();
    }

    @Override
    public long runtimeNanos() {
      return model.runtimeNanos();
    }

    /** The wrapped model belongs to the caller. */
    @Override
    public void close() {}
  }
}
