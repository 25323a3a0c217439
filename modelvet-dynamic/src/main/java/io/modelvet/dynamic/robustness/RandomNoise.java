package io.modelvet.dynamic.robustness;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import java.util.SplittableRandom;

/**
 * The baseline: random perturbations on the surface of the ε-ball (random ±ε vertices for L-inf,
 * random directions of length ε for L2). If these already flip decisions, no attack is needed.
 */
public final class RandomNoise {
  private final Norm norm;
  private final double eps;
  private final int trials;

  public RandomNoise(Norm norm, double eps, int trials) {
    this.norm = norm;
    this.eps = eps;
    this.trials = trials;
  }

  /** Tries {@code trials} random perturbations per point in one batched query. */
  public AttackResult[] run(Classifier model, InputDomain dom, double[][] x, int[] y, SplittableRandom rng) {
    int n = x.length;
    int d = dom.size();
    double[][] rows = new double[n * trials][];
    for (int i = 0; i < n; i++)
      for (int t = 0; t < trials; t++) {
        double[] r = new double[d];
        if (norm == Norm.LINF) {
          for (int j = 0; j < d; j++) r[j] = x[i][j] + (rng.nextBoolean() ? eps : -eps);
        } else {
          double[] g = new double[d];
          double s = 0;
          for (int j = 0; j < d; j++) {
            g[j] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            s += g[j] * g[j];
          }
          s = Math.sqrt(s);
          for (int j = 0; j < d; j++) r[j] = x[i][j] + g[j] / s * eps;
        }
        rows[i * trials + t] = dom.clip(r);
      }
    int[] pred = model.predict(rows);
    AttackResult[] out = new AttackResult[n];
    for (int i = 0; i < n; i++) {
      out[i] = AttackResult.failed(trials);
      for (int t = 0; t < trials; t++) {
        int k = i * trials + t;
        if (pred[k] != y[i]) {
          out[i] = new AttackResult(true, rows[k], pred[k], trials, norm.distance(rows[k], x[i]));
          break;
        }
      }
    }
    return out;
  }
}
