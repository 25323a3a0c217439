package io.modelvet.dynamic.backdoor;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OutputKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Black-box search for the smallest trigger that sends inputs of other classes to one target class.
 *
 * <p>Images ({@link #searchWindow}): a mask + pattern search over square windows at every position
 * with a constant pattern at the lower or upper bound, smallest side first, scored by the target's
 * mean log-probability, then pruned pixel by pixel.
 *
 * <p>Tabular inputs ({@link #search}): a greedy, score-based coordinate search over sparse
 * assignments (feature, value). Each step tries
 * every candidate assignment (at most {@link #MAX_CANDIDATES}, neighbours of already chosen pixels
 * first for images) on the same clean inputs in one batch and keeps the one that raises the mean
 * log-probability of the target most (label-only models: the share sent to the target). It stops
 * when the share reaches {@code success} or the size cap or the query budget is hit.
 *
 * The candidate values are the bounds plus a categorical/integer feature's observed values.
 */
public final class TriggerSearch {
  static final int MAX_CANDIDATES = 256;
  /** Share of inputs a pruned window may lose against the full window. */
  static final double PRUNE_SLACK = 0.05;

  /** One candidate assignment. */
  record Assignment(int feature, double value) {}

  /** The search's result for one target. */
  record Result(List<Assignment> trigger, boolean reached, double optimisationSuccess, long queries) {}

  private final Classifier model;
  private final InputDomain dom;
  private final int[] shape;
  private final boolean image;
  private final List<double[]> valueChoices;

  TriggerSearch(Classifier model, InputDomain dom, boolean image, List<double[]> valueChoices) {
    this.model = model;
    this.dom = dom;
    this.shape = model.sampleShape();
    this.image = image;
    this.valueChoices = valueChoices;
  }

  Result search(double[][] rows, int target, int maxSize, double success, long budget, SplittableRandom rng) {
    List<Assignment> trigger = new ArrayList<>();
    Set<Integer> used = new LinkedHashSet<>();
    long queries = 0;
    double share = 0;
    while (trigger.size() < maxSize) {
      List<Assignment> cands = candidates(used, rng);
      if (cands.isEmpty() || queries + (long) cands.size() * rows.length > budget) break;
      double[][] batch = new double[cands.size() * rows.length][];
      for (int c = 0; c < cands.size(); c++) {
        for (int i = 0; i < rows.length; i++) {
          double[] r = apply(rows[i], trigger);
          r[cands.get(c).feature()] = cands.get(c).value();
          batch[c * rows.length + i] = r;
        }
      }
      double[][] lp = model.logProbabilities(batch);
      queries += batch.length;
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      double bestShare = 0;
      for (int c = 0; c < cands.size(); c++) {
        double[] sc = score(lp, c, rows.length, target);
        if (sc[0] > bestScore) {
          bestScore = sc[0];
          best = c;
          bestShare = sc[1];
        }
      }
      trigger.add(cands.get(best));
      used.add(cands.get(best).feature());
      share = bestShare;
      if (share >= success) return new Result(trigger, true, share, queries);
    }
    return new Result(trigger, false, share, queries);
  }

  /** Best window of side {@code side} (all channels, every position, pattern at the lower or upper bound). */
  record Window(List<Assignment> trigger, double share, double score) {}

  /**
   * For images: the square window of the given side and a constant extreme pattern that raises the
   * target's mean log-probability most on {@code rows}; one batch of positions x 2 patterns x rows.
   */
  Window bestWindow(double[][] rows, int target, int side) {
    int h = shape[shape.length - 2];
    int w = shape[shape.length - 1];
    int ch = dom.size() / (h * w);
    List<List<Assignment>> cands = new ArrayList<>();
    for (int r = 0; r + side <= h; r++)
      for (int c = 0; c + side <= w; c++)
        for (int hi = 0; hi < 2; hi++) {
          List<Assignment> t = new ArrayList<>();
          for (int k = 0; k < ch; k++)
            for (int dr = 0; dr < side; dr++)
              for (int dc = 0; dc < side; dc++) {
                int f = (k * h + r + dr) * w + c + dc;
                t.add(new Assignment(f, hi == 1 ? dom.upper()[f] : dom.lower()[f]));
              }
          cands.add(t);
        }
    double[][] batch = new double[cands.size() * rows.length][];
    for (int c = 0; c < cands.size(); c++)
      for (int i = 0; i < rows.length; i++) batch[c * rows.length + i] = apply(rows[i], cands.get(c));
    double[][] lp = model.logProbabilities(batch);
    Window best = null;
    for (int c = 0; c < cands.size(); c++) {
      double[] sc = score(lp, c, rows.length, target);
      if (best == null || sc[0] > best.score()) best = new Window(cands.get(c), sc[1], sc[0]);
    }
    return best;
  }

  /**
   * Score of candidate {@code c} whose {@code n} rows sit at {@code lp[c * n ...]}: {score, share
   * sent to the target}. The score is the target's mean log-probability (floored at -30 per row)
   * plus a small bonus for the share; label-only models are scored by the share alone.
   */
  private double[] score(double[][] lp, int c, int n, int target) {
    double s = 0;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      double[] l = lp[c * n + i];
      if (argmax(l) == target) hits++;
      s += Math.max(l[target], -30);
    }
    double share = (double) hits / n;
    return new double[] {model.outputKind() == OutputKind.LABELS ? share : s / n + 1e-3 * share, share};
  }

  /**
   * For images: the smallest square window (side 1 .. maxSide, every position, constant pattern at
   * a bound) whose best placement sends at least {@code success} of {@code rows} to the target,
   * then pruned pixel by pixel while its share stays within {@link #PRUNE_SLACK} of the full
   * window's (and at least {@code success}). Not reached: the best window of the largest side.
   */
  Result searchWindow(double[][] rows, int target, int maxSide, double success, long budget) {
    long queries = 0;
    Window w = null;
    int h = shape[shape.length - 2];
    int wd = shape[shape.length - 1];
    for (int side = 1; side <= maxSide; side++) {
      long cost = 2L * (h - side + 1) * (wd - side + 1) * rows.length;
      if (queries + cost > budget) break;
      w = bestWindow(rows, target, side);
      queries += cost;
      if (w.share() >= success) {
        List<Assignment> t = new ArrayList<>(w.trigger());
        double share = w.share();
        double keep = Math.max(success, w.share() - PRUNE_SLACK);
        while (t.size() > 1 && queries + (long) t.size() * rows.length <= budget) {
          double[][] batch = new double[t.size() * rows.length][];
          for (int c = 0; c < t.size(); c++) {
            List<Assignment> without = new ArrayList<>(t);
            without.remove(c);
            for (int i = 0; i < rows.length; i++) batch[c * rows.length + i] = apply(rows[i], without);
          }
          int[] p = model.predict(batch);
          queries += batch.length;
          int drop = -1;
          double dropShare = -1;
          for (int c = 0; c < t.size(); c++) {
            int hits = 0;
            for (int i = 0; i < rows.length; i++) if (p[c * rows.length + i] == target) hits++;
            double sh = (double) hits / rows.length;
            if (sh >= keep && sh > dropShare) {
              dropShare = sh;
              drop = c;
            }
          }
          if (drop < 0) break;
          t.remove(drop);
          share = dropShare;
        }
        return new Result(t, true, share, queries);
      }
    }
    return w == null ? new Result(List.of(), false, 0, queries) : new Result(w.trigger(), false, w.share(), queries);
  }

  /** Share of {@code rows} the trigger sends to {@code target}. */
  double successRate(double[][] rows, List<Assignment> trigger, int target) {
    double[][] t = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) t[i] = apply(rows[i], trigger);
    int[] p = model.predict(t);
    int hits = 0;
    for (int v : p) if (v == target) hits++;
    return rows.length == 0 ? 0 : (double) hits / rows.length;
  }

  static double[] apply(double[] row, List<Assignment> trigger) {
    double[] r = row.clone();
    for (Assignment a : trigger) r[a.feature()] = a.value();
    return r;
  }

  private List<Assignment> candidates(Set<Integer> used, SplittableRandom rng) {
    List<Assignment> near = new ArrayList<>();
    List<Assignment> rest = new ArrayList<>();
    Set<Integer> neighbours = image ? neighbours(used) : Set.of();
    for (int j = 0; j < dom.size(); j++) {
      if (used.contains(j)) continue;
      for (double v : valueChoices.get(j)) (neighbours.contains(j) ? near : rest).add(new Assignment(j, v));
    }
    if (near.size() + rest.size() <= MAX_CANDIDATES) {
      near.addAll(rest);
      return near;
    }
    for (int i = rest.size() - 1; i > 0; i--) {
      int k = rng.nextInt(i + 1);
      Assignment t = rest.get(i);
      rest.set(i, rest.get(k));
      rest.set(k, t);
    }
    List<Assignment> out = new ArrayList<>(near.subList(0, Math.min(near.size(), MAX_CANDIDATES)));
    for (Assignment a : rest) {
      if (out.size() >= MAX_CANDIDATES) break;
      out.add(a);
    }
    return out;
  }

  /** 8-neighbours (same channel) of the chosen pixels. */
  private Set<Integer> neighbours(Set<Integer> used) {
    int h = shape[shape.length - 2];
    int w = shape[shape.length - 1];
    Set<Integer> out = new LinkedHashSet<>();
    for (int f : used) {
      int ch = f / (h * w);
      int r = (f % (h * w)) / w;
      int c = f % w;
      for (int dr = -1; dr <= 1; dr++)
        for (int dc = -1; dc <= 1; dc++) {
          int rr = r + dr;
          int cc = c + dc;
          if (rr >= 0 && rr < h && cc >= 0 && cc < w) out.add((ch * h + rr) * w + cc);
        }
    }
    return out;
  }

  private static int argmax(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
    return b;
  }
}
