package io.modelvet.dynamic.inversion;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import java.util.SplittableRandom;

/**
 * Class-representative reconstruction for image models (Fredrikson et al., CCS 2015, black-box):
 * starting from the mean data image, a score-based random search raises the class's
 * log-probability. Each round proposes {@link #PROPOSALS} single-pixel moves of ±{@code step} in
 * one batch and keeps the best if it improves; the step halves after a round without progress.
 */
public final class ClassReconstruction {
  static final int PROPOSALS = 64;

  private ClassReconstruction() {}

  /** The reconstructed input and the queries spent. */
  public record Outcome(double[] image, double logProbability, long queries) {}

  public static Outcome run(Classifier model, InputDomain dom, double[] start, int target, int budget, SplittableRandom rng) {
    double[] x = dom.clip(start.clone());
    long queries = 1;
    double best = model.logProbabilities(new double[][] {x})[0][target];
    double step = 0.25 * dom.meanRange();
    int d = x.length;
    while (queries + PROPOSALS <= budget && step > 1e-3 * dom.meanRange()) {
      double[][] props = new double[PROPOSALS][];
      for (int k = 0; k < PROPOSALS; k++) {
        double[] p = x.clone();
        int j = rng.nextInt(d);
        p[j] += rng.nextBoolean() ? step : -step;
        props[k] = dom.clip(p);
      }
      double[][] lp = model.logProbabilities(props);
      queries += PROPOSALS;
      int bi = -1;
      for (int k = 0; k < PROPOSALS; k++) if (lp[k][target] > best + 1e-9 && (bi < 0 || lp[k][target] > lp[bi][target])) bi = k;
      if (bi < 0) {
        step /= 2;
        continue;
      }
      best = lp[bi][target];
      x = props[bi];
    }
    return new Outcome(x, best, queries);
  }
}
