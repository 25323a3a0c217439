package io.modelvet.dynamic;

import java.util.Arrays;

/** Small statistics helpers shared by the test families. */
public final class Stats {
  private Stats() {}

  /**
   * Drops trailing zeros of a decimal fraction ("0.05000" to "0.05", "1.000e+04" to "1e+04") but
   * never of an integer part ("1000" stays "1000").
   */
  public static String trimZeros(String s) {
    int e = s.indexOf('e');
    String mant = e < 0 ? s : s.substring(0, e);
    String exp = e < 0 ? "" : s.substring(e);
    if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
    return mant + exp;
  }

  /** Median of the values (NaN when empty). */
  public static double median(double[] v) {
    if (v.length == 0) return Double.NaN;
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** Empirical quantile with linear interpolation, q in [0, 1]. */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Wilson score 95 % interval for k successes of n, as {lower, upper}. */
  public static double[] wilson(int k, int n) {
    if (n == 0) return new double[] {Double.NaN, Double.NaN};
    double z = 1.959964;
    double p = (double) k / n;
    double den = 1 + z * z / n;
    double centre = (p + z * z / (2.0 * n)) / den;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / den;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** Rounds for display in reports (6 significant digits). */
  public static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) return v;
    return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue();
  }

  /** Seeded Fisher-Yates sample of {@code k} distinct indices out of {@code n}, in random order. */
  public static int[] sample(int n, int k, java.util.SplittableRandom rng) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, Math.min(n, k));
  }
}
