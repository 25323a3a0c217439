package io.modelvet.dynamic.robustness;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.QueryBudget;
import java.util.List;
import java.util.SplittableRandom;

/**
 * HopSkipJump (Chen, Jordan and Wainwright, IEEE S&amp;P 2020): a decision-based attack that only
 * sees labels and searches for the smallest perturbation that changes the label.
 *
 * <p>From an adversarial start it repeats: binary search to the decision boundary, estimate the
 * boundary normal from the signs of {@code n_t = init_eval·√t} random probes (one batched query),
 * take a geometric step along it, and binary-search back. The result's distance is an upper bound on
 * the point's minimal adversarial distance.
 */
public final class HopSkipJump {
  private static final int INIT_TRIES = 100;
  private static final int NEAREST_STARTS = 3;
  private final Norm norm;
  private final int budget;
  private final int initEval;
  private final int maxEval;
  private final int maxIterations;

  /**
   * @param norm distance to minimise
   * @param budget queries per point
   * @param initEval probes for the first gradient estimate (paper: 100)
   * @param maxEval cap on probes per estimate (paper: 10 000)
   * @param maxIterations iterations (paper: 40)
   */
  public HopSkipJump(Norm norm, int budget, int initEval, int maxEval, int maxIterations) {
    if (budget < 10) throw new IllegalArgumentException("HopSkipJump needs a budget of at least 10 queries");
    this.norm = norm;
    this.budget = budget;
    this.initEval = initEval;
    this.maxEval = maxEval;
    this.maxIterations = maxIterations;
  }

  /** Defaults of the paper, capped by {@code budget}. */
  public static HopSkipJump withBudget(Norm norm, int budget) {
    return new HopSkipJump(norm, budget, 100, 10_000, 40);
  }

  /**
   * Attacks one correctly classified point.
   *
   * @param starts candidate starting points, typically correctly classified data of other classes;
   *     the nearest ones (in the attack's norm) are tried first; may be empty
   */
  public AttackResult run(Classifier model, InputDomain dom, double[] x, int y, List<double[]> starts, SplittableRandom rng) {
    QueryBudget qb = new QueryBudget(budget);
    int d = x.length;
    double theta = norm == Norm.L2 ? 1.0 / (Math.sqrt(d) * d) : 1.0 / ((double) d * d);
    double[] adv = findStart(model, dom, x, y, starts, theta, qb, rng);
    if (adv == null) return AttackResult.failed(qb.used());
    double dist = norm.distance(adv, x);
    double[] best = adv;
    double bestDist = dist;
    for (int t = 1; t <= maxIterations && dist > 0; t++) {
      double delta = t == 1 ? 0.1 * dom.meanRange() : (norm == Norm.L2 ? Math.sqrt(d) : d) * theta * dist;
      int evals = (int) Math.min(initEval * Math.sqrt(t), maxEval);
      evals = Math.min(evals, qb.remaining() - 20);
      if (evals < 10) break;
      double[] grad = estimateGradient(model, dom, adv, y, delta, evals, qb, rng);
      if (grad == null) break;
      double[] update = grad;
      if (norm == Norm.LINF) {
        update = new double[d];
        for (int j = 0; j < d; j++) update[j] = Math.signum(grad[j]);
      }
      double step = dist / Math.sqrt(t);
      double[] cand = null;
      while (qb.remaining() > 1) {
        double[] c = new double[d];
        for (int j = 0; j < d; j++) c[j] = adv[j] + step * update[j];
        dom.clip(c);
        qb.tryUse(1);
        if (isAdversarial(model, new double[][] {c}, y)[0]) {
          cand = c;
          break;
        }
        step /= 2;
        if (step < 1e-12 * Math.max(1, dist)) break;
      }
      if (cand == null) break;
      adv = binarySearch(model, dom, x, cand, y, theta, qb);
      dist = norm.distance(adv, x);
      if (dist < bestDist) {
        bestDist = dist;
        best = adv;
      }
      if (qb.remaining() < 20) break;
    }
    int label = labelOf(model, best);
    qb.tryUse(1);
    if (label == y) return AttackResult.failed(qb.used()); // re-check with a fresh query
    return new AttackResult(true, best, label, qb.used(), bestDist);
  }

  /**
   * A first adversarial point on the decision boundary: the nearest of {@code starts} that the model
   * does not label {@code y} (bisected towards {@code x}; the closest of up to {@link #NEAREST_STARTS}
   * after bisection wins), else the closest of up to {@link #INIT_TRIES} uniform noise points in the
   * bounds blended with {@code x} (Foolbox's blended-uniform-noise initialisation), else null.
   */
  private double[] findStart(Classifier model, InputDomain dom, double[] x, int y, List<double[]> starts, double theta, QueryBudget qb, SplittableRandom rng) {
    List<double[]> nearest = nearest(starts, x, NEAREST_STARTS);
    double[] best = null;
    if (!nearest.isEmpty() && qb.tryUse(nearest.size())) {
      boolean[] adv = isAdversarial(model, nearest.toArray(new double[0][]), y);
      best = closestAfterSearch(model, dom, x, y, nearest, adv, theta, qb);
    }
    if (best != null) return best;
    for (int tried = 0; tried < INIT_TRIES; ) {
      int batch = Math.min(20, INIT_TRIES - tried);
      if (!qb.tryUse(batch)) return null;
      double[][] cands = new double[batch][x.length];
      for (double[] c : cands)
        for (int j = 0; j < x.length; j++) c[j] = dom.lower()[j] + rng.nextDouble() * dom.range(j);
      boolean[] adv = isAdversarial(model, cands, y);
      best = closestAfterSearch(model, dom, x, y, List.of(cands), adv, theta, qb);
      if (best != null) return best;
      tried += batch;
    }
    return null;
  }

  private double[] closestAfterSearch(Classifier model, InputDomain dom, double[] x, int y, List<double[]> cands, boolean[] adv, double theta, QueryBudget qb) {
    double[] best = null;
    double bestDist = Double.POSITIVE_INFINITY;
    int searched = 0;
    for (int k = 0; k < cands.size() && searched < NEAREST_STARTS; k++) {
      if (!adv[k]) continue;
      searched++;
      double[] b = binarySearch(model, dom, x, cands.get(k), y, theta, qb);
      double dist = norm.distance(b, x);
      if (dist < bestDist) {
        bestDist = dist;
        best = b;
      }
    }
    return best;
  }

  private List<double[]> nearest(List<double[]> starts, double[] x, int k) {
    return starts.stream()
        .sorted(java.util.Comparator.comparingDouble(s -> norm.distance(s, x)))
        .limit(k)
        .toList();
  }

  private double[] estimateGradient(Classifier model, InputDomain dom, double[] at, int y, double delta, int evals, QueryBudget qb, SplittableRandom rng) {
    int d = at.length;
    if (!qb.tryUse(evals)) return null;
    double[][] rv = new double[evals][d];
    double[][] probes = new double[evals][d];
    for (int k = 0; k < evals; k++) {
      double n = 0;
      for (int j = 0; j < d; j++) {
        rv[k][j] = norm == Norm.L2 ? gaussian(rng) : 2 * rng.nextDouble() - 1;
        n += rv[k][j] * rv[k][j];
      }
      n = Math.sqrt(n);
      for (int j = 0; j < d; j++) {
        rv[k][j] /= n;
        probes[k][j] = at[j] + delta * rv[k][j];
      }
      dom.clip(probes[k]);
      for (int j = 0; j < d; j++) rv[k][j] = (probes[k][j] - at[j]) / delta;
    }
    boolean[] adv = isAdversarial(model, probes, y);
    double mean = 0;
    for (boolean a : adv) mean += a ? 1 : -1;
    mean /= evals;
    double[] g = new double[d];
    for (int k = 0; k < evals; k++) {
      double f = (adv[k] ? 1 : -1);
      double w = Math.abs(mean) == 1 ? f : f - mean; // baseline subtraction unless all agree
      for (int j = 0; j < d; j++) g[j] += w * rv[k][j];
    }
    double n = 0;
    for (double v : g) n += v * v;
    n = Math.sqrt(n);
    if (n == 0) return null;
    for (int j = 0; j < d; j++) g[j] /= n;
    return g;
  }

  /** Bisects between the original (not adversarial) and {@code adv} to relative precision theta. */
  private double[] binarySearch(Classifier model, InputDomain dom, double[] x, double[] adv, int y, double theta, QueryBudget qb) {
    double lo = 0;
    double hi = 1;
    double linf = Norm.LINF.distance(adv, x);
    while (hi - lo > theta && qb.tryUse(1)) {
      double mid = (lo + hi) / 2;
      if (isAdversarial(model, new double[][] {project(dom, x, adv, mid, linf)}, y)[0]) hi = mid;
      else lo = mid;
    }
    return project(dom, x, adv, hi, linf);
  }

  /** The point a fraction alpha of the way from x to adv (integer features rounded). */
  private double[] project(InputDomain dom, double[] x, double[] adv, double alpha, double linf) {
    double[] out = new double[x.length];
    if (norm == Norm.L2) {
      for (int j = 0; j < x.length; j++) out[j] = x[j] + alpha * (adv[j] - x[j]);
    } else {
      double r = alpha * linf;
      for (int j = 0; j < x.length; j++) out[j] = Math.min(x[j] + r, Math.max(x[j] - r, adv[j]));
    }
    return dom.clip(out);
  }

  private static boolean[] isAdversarial(Classifier model, double[][] rows, int y) {
    int[] p = model.predict(rows);
    boolean[] out = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = p[i] != y;
    return out;
  }

  private static int labelOf(Classifier model, double[] row) {
    return model.predict(new double[][] {row})[0];
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
