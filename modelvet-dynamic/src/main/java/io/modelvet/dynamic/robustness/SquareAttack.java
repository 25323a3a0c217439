package io.modelvet.dynamic.robustness;

import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Square Attack (Andriushchenko et al., ECCV 2020): a score-based random search that changes one
 * square window of the perturbation per query and keeps the change if the margin loss
 * {@code log p_y - max_{k != y} log p_k} goes down. L-inf uses vertex windows of ±ε; L2 moves mass
 * between two windows with a centred pseudo-Gaussian pattern and keeps ‖δ‖₂ = ε.
 *
 * <p>All points still being attacked are queried together, one batch per iteration.
 */
public final class SquareAttack {
  private final Norm norm;
  private final double eps;
  private final int budget;
  private final double pInit;

  /**
   * @param norm L-inf or L2
   * @param eps radius in the user's units
   * @param budget queries per point (including the initial one)
   * @param pInit initial fraction of the input changed per query (paper: 0.05 to 0.8)
   */
  public SquareAttack(Norm norm, double eps, int budget, double pInit) {
    if (eps <= 0) throw new IllegalArgumentException("epsilon must be positive");
    if (budget < 2) throw new IllegalArgumentException("Square Attack needs a budget of at least 2 queries");
    this.norm = norm;
    this.eps = eps;
    this.budget = budget;
    this.pInit = pInit;
  }

  /** Attacks each point (assumed correctly classified with label {@code y[i]}). */
  public AttackResult[] run(Classifier model, InputDomain domain, double[][] x, int[] y, SplittableRandom rng) {
    Layout lay = Layout.of(model.sampleShape());
    int n = x.length;
    double[][] best = new double[n][];
    for (int i = 0; i < n; i++) best[i] = init(x[i], lay, domain, rng);
    double[] margin = margins(model, best, y);
    int[] queries = new int[n];
    java.util.Arrays.fill(queries, 1);
    for (int it = 1; it < budget; it++) {
      List<Integer> active = new ArrayList<>();
      for (int i = 0; i < n; i++) if (margin[i] > 0) active.add(i);
      if (active.isEmpty()) break;
      double p = pSelection(it);
      double[][] cand = new double[active.size()][];
      int[] ya = new int[active.size()];
      for (int a = 0; a < active.size(); a++) {
        int i = active.get(a);
        cand[a] = norm == Norm.LINF ? stepLinf(x[i], best[i], lay, domain, p, rng) : stepL2(x[i], best[i], lay, domain, p, rng);
        ya[a] = y[i];
      }
      double[] m = margins(model, cand, ya);
      for (int a = 0; a < active.size(); a++) {
        int i = active.get(a);
        queries[i]++;
        if (m[a] < margin[i]) {
          margin[i] = m[a];
          best[i] = cand[a];
        }
      }
    }
    AttackResult[] out = new AttackResult[n];
    for (int i = 0; i < n; i++) {
      boolean ok = margin[i] <= 0;
      out[i] = ok
          ? new AttackResult(true, best[i], -1, queries[i], norm.distance(best[i], x[i]))
          : new AttackResult(false, best[i], -1, queries[i], Double.POSITIVE_INFINITY);
    }
    return out;
  }

  private static double[] margins(Classifier model, double[][] rows, int[] y) {
    double[][] lp = model.logProbabilities(rows);
    double[] m = new double[rows.length];
    for (int i = 0; i < rows.length; i++) m[i] = Scores.margin(lp[i], y[i]);
    return m;
  }

  /** Halves p at fixed fractions of the budget (schedule of the paper, rescaled to 10 000 queries). */
  double pSelection(int it) {
    int k = (int) ((long) it * 10000 / budget);
    double p = pInit;
    int[] marks = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
    for (int mk : marks) if (k > mk) p /= 2;
    return p;
  }

  private int side(double p, Layout lay) {
    int s;
    if (lay.h() == 1) s = (int) Math.round(p * lay.w());
    else s = (int) Math.round(Math.sqrt(p * lay.size() / lay.c()));
    int limit = lay.h() == 1 ? lay.w() - 1 : lay.h() - 1;
    return Math.max(1, Math.min(s, Math.max(1, limit)));
  }

  private double[] init(double[] x, Layout lay, InputDomain dom, SplittableRandom rng) {
    double[] d = new double[x.length];
    if (norm == Norm.LINF) {
      // vertical stripes: one random sign per channel and column
      for (int c = 0; c < lay.c(); c++)
        for (int col = 0; col < lay.w(); col++) {
          double s = rng.nextBoolean() ? eps : -eps;
          for (int r = 0; r < lay.h(); r++) d[lay.index(c, r, col)] = s;
        }
      double[] out = new double[x.length];
      for (int j = 0; j < x.length; j++) out[j] = x[j] + d[j];
      return dom.clip(out);
    }
    // L2: a grid of up to 5 x 5 centred pseudo-Gaussian blocks with random signs per channel
    int nh = Math.min(5, lay.h());
    int nw = Math.min(5, lay.w());
    int sh = Math.max(1, lay.h() / nh);
    int sw = Math.max(1, lay.w() / nw);
    int oh = (lay.h() - sh * nh) / 2;
    int ow = (lay.w() - sw * nw) / 2;
    double[][] pat = metaPattern(sh, sw, rng);
    for (int bh = 0; bh < nh; bh++)
      for (int bw = 0; bw < nw; bw++)
        for (int c = 0; c < lay.c(); c++) {
          double s = rng.nextBoolean() ? 1 : -1;
          for (int r = 0; r < sh; r++)
            for (int q = 0; q < sw; q++) d[lay.index(c, oh + bh * sh + r, ow + bw * sw + q)] += s * pat[r][q];
        }
    return scaleToSphere(x, d, dom);
  }

  private double[] scaleToSphere(double[] x, double[] d, InputDomain dom) {
    double nrm = 0;
    for (double v : d) nrm += v * v;
    nrm = Math.sqrt(nrm);
    double[] out = new double[x.length];
    for (int j = 0; j < x.length; j++) out[j] = x[j] + (nrm > 0 ? d[j] / nrm * eps : 0);
    return dom.clip(out);
  }

  private double[] stepLinf(double[] x, double[] cur, Layout lay, InputDomain dom, double p, SplittableRandom rng) {
    int s = side(p, lay);
    int sh = Math.min(s, lay.h());
    int sw = Math.min(s, lay.w());
    int r0 = rng.nextInt(lay.h() - sh + 1);
    int c0 = rng.nextInt(lay.w() - sw + 1);
    double[] out = cur.clone();
    for (int attempt = 0; attempt < 10; attempt++) {
      boolean changed = false;
      for (int c = 0; c < lay.c(); c++) {
        double v = rng.nextBoolean() ? eps : -eps;
        for (int r = r0; r < r0 + sh; r++)
          for (int q = c0; q < c0 + sw; q++) {
            int j = lay.index(c, r, q);
            double nv = Math.min(dom.upper()[j], Math.max(dom.lower()[j], x[j] + v));
            if (nv != cur[j]) changed = true;
            out[j] = nv;
          }
      }
      if (changed) break;
    }
    return dom.clip(out); // rounds integer features
  }

  private double[] stepL2(double[] x, double[] cur, Layout lay, InputDomain dom, double p, SplittableRandom rng) {
    int s = side(p, lay);
    if (lay.h() > 1) {
      s = Math.max(s, 3);
      if (s % 2 == 0) s++;
    }
    int sh = Math.min(s, lay.h());
    int sw = Math.min(s, lay.w());
    int r1 = rng.nextInt(lay.h() - sh + 1);
    int c1 = rng.nextInt(lay.w() - sw + 1);
    int r2 = rng.nextInt(lay.h() - sh + 1);
    int c2 = rng.nextInt(lay.w() - sw + 1);
    double[] delta = new double[x.length];
    double imageNorm2 = 0;
    for (int j = 0; j < x.length; j++) {
      delta[j] = cur[j] - x[j];
      imageNorm2 += delta[j] * delta[j];
    }
    double[][] pat = metaPattern(sh, sw, rng);
    double[] next = delta.clone();
    for (int c = 0; c < lay.c(); c++) {
      double win1 = 0;
      double union = 0;
      for (int r = 0; r < lay.h(); r++)
        for (int q = 0; q < lay.w(); q++) {
          boolean in1 = r >= r1 && r < r1 + sh && q >= c1 && q < c1 + sw;
          boolean in2 = r >= r2 && r < r2 + sh && q >= c2 && q < c2 + sw;
          double v = delta[lay.index(c, r, q)];
          if (in1) win1 += v * v;
          if (in1 || in2) union += v * v;
        }
      win1 = Math.sqrt(win1);
      double sign = rng.nextBoolean() ? 1 : -1;
      double[][] nd = new double[sh][sw];
      double ndNorm = 0;
      for (int r = 0; r < sh; r++)
        for (int q = 0; q < sw; q++) {
          nd[r][q] = sign * pat[r][q] + delta[lay.index(c, r1 + r, c1 + q)] / (1e-10 + win1);
          ndNorm += nd[r][q] * nd[r][q];
        }
      ndNorm = Math.sqrt(ndNorm);
      double target = Math.sqrt(Math.max(eps * eps - imageNorm2, 0) / lay.c() + union);
      for (int r = 0; r < sh; r++)
        for (int q = 0; q < sw; q++) next[lay.index(c, r2 + r, c2 + q)] = 0;
      for (int r = 0; r < sh; r++)
        for (int q = 0; q < sw; q++)
          next[lay.index(c, r1 + r, c1 + q)] = ndNorm > 0 ? nd[r][q] / ndNorm * target : 0;
    }
    return scaleToSphere(x, next, dom);
  }

  /**
   * A centred pattern of nested rectangles weighted 1/(k+1)², unit L2 norm, split into two halves
   * of opposite sign along a random axis (the "meta pseudo-Gaussian" window of the paper).
   */
  static double[][] metaPattern(int sh, int sw, SplittableRandom rng) {
    double[][] d = new double[sh][sw];
    boolean splitRows = sh > 1 && (sw == 1 || rng.nextBoolean());
    if (sh * sw == 1) {
      d[0][0] = 1;
      return d;
    }
    if (splitRows) {
      int half = sh / 2;
      fillRings(d, 0, half, 0, sw, 1);
      fillRings(d, half, sh, 0, sw, -1);
    } else {
      int half = sw / 2;
      fillRings(d, 0, sh, 0, half, 1);
      fillRings(d, 0, sh, half, sw, -1);
    }
    double n = 0;
    for (double[] row : d) for (double v : row) n += v * v;
    n = Math.sqrt(n);
    for (double[] row : d) for (int q = 0; q < row.length; q++) row[q] /= n;
    return d;
  }

  private static void fillRings(double[][] d, int r0, int r1, int c0, int c1, double sign) {
    int h = r1 - r0;
    int w = c1 - c0;
    if (h <= 0 || w <= 0) return;
    double cr = (h - 1) / 2.0;
    double cc = (w - 1) / 2.0;
    double[][] block = new double[h][w];
    double n = 0;
    for (int r = 0; r < h; r++)
      for (int q = 0; q < w; q++) {
        int ring = (int) Math.ceil(Math.max(Math.abs(r - cr), Math.abs(q - cc)));
        double v = 0;
        int rings = (int) Math.ceil(Math.max(cr, cc));
        for (int k = ring; k <= rings; k++) v += 1.0 / ((k + 1.0) * (k + 1.0));
        block[r][q] = v;
        n += v * v;
      }
    n = Math.sqrt(n);
    for (int r = 0; r < h; r++)
      for (int q = 0; q < w; q++) d[r0 + r][c0 + q] = sign * block[r][q] / n;
  }
}
