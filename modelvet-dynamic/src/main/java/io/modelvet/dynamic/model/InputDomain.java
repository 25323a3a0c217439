package io.modelvet.dynamic.model;

import java.util.Arrays;

/**
 * The valid input region in the user's units and the optional normalisation the model expects.
 *
 * <p>Attacks perturb and clip in user units, so epsilon means what the user says it means; the
 * normalisation {@code (x - mean) / std} is applied only when rows are handed to the model.
 *
 * @param lower per-feature lower bound
 * @param upper per-feature upper bound
 * @param mean per-feature mean subtracted before the model, or null for none
 * @param std per-feature divisor applied before the model, or null for none
 * @param source how the bounds were obtained, for the report (e.g. "--bounds 0,16")
 * @param integer per-feature flag: the feature takes integer values only (integer counts or
 *     categorical codes); {@link #clip} rounds it, so every attack keeps it valid; null for none
 */
public record InputDomain(double[] lower, double[] upper, double[] mean, double[] std, String source, boolean[] integer) {

  /** A domain of real-valued features. */
  public InputDomain(double[] lower, double[] upper, double[] mean, double[] std, String source) {
    this(lower, upper, mean, std, source, null);
  }

  public InputDomain {
    if (lower.length != upper.length) throw new IllegalArgumentException("bounds have different lengths");
    for (int i = 0; i < lower.length; i++) {
      if (!(lower[i] < upper[i]))
        throw new IllegalArgumentException("bound " + i + ": lower " + lower[i] + " is not below upper " + upper[i]);
    }
    if ((mean == null) != (std == null)) throw new IllegalArgumentException("normalisation needs both mean and std");
    if (mean != null && (mean.length != lower.length || std.length != lower.length))
      throw new IllegalArgumentException("normalisation length differs from the number of features");
    if (integer != null) {
      if (integer.length != lower.length) throw new IllegalArgumentException("integer flags differ from the number of features");
      for (int i = 0; i < lower.length; i++)
        if (integer[i] && Math.ceil(lower[i]) > Math.floor(upper[i]))
          throw new IllegalArgumentException("bound " + i + ": no integer between " + lower[i] + " and " + upper[i]);
    }
  }

  /** The same bounds for every one of {@code d} features. */
  public static InputDomain uniform(int d, double lo, double hi, String source) {
    double[] l = new double[d];
    double[] u = new double[d];
    Arrays.fill(l, lo);
    Arrays.fill(u, hi);
    return new InputDomain(l, u, null, null, source);
  }

  /** Per-feature bounds taken from the data's observed minimum and maximum. */
  public static InputDomain fromData(double[][] x) {
    int d = x[0].length;
    double[] l = new double[d];
    double[] u = new double[d];
    Arrays.fill(l, Double.POSITIVE_INFINITY);
    Arrays.fill(u, Double.NEGATIVE_INFINITY);
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        l[j] = Math.min(l[j], row[j]);
        u[j] = Math.max(u[j], row[j]);
      }
    }
    for (int j = 0; j < d; j++) if (!(l[j] < u[j])) u[j] = l[j] + 1;
    return new InputDomain(l, u, null, null, "per-feature min/max of the data");
  }

  /** This domain with a normalisation step applied before the model. */
  public InputDomain withNormalisation(double[] m, double[] s) {
    return new InputDomain(lower, upper, m, s, source + "; normalised (x - mean) / std", integer);
  }

  public int size() {
    return lower.length;
  }

  /** Width of feature {@code j}'s range. */
  public double range(int j) {
    return upper[j] - lower[j];
  }

  /** Mean width over all features. */
  public double meanRange() {
    double s = 0;
    for (int j = 0; j < lower.length; j++) s += range(j);
    return s / lower.length;
  }

  /** Clips {@code x} into the bounds and rounds integer features (within the bounds), in place; returns it. */
  public double[] clip(double[] x) {
    for (int j = 0; j < x.length; j++) {
      x[j] = Math.min(upper[j], Math.max(lower[j], x[j]));
      if (integer != null && integer[j]) x[j] = Math.min(Math.floor(upper[j]), Math.max(Math.ceil(lower[j]), Math.rint(x[j]))) + 0.0; // + 0.0: no -0.0
    }
    return x;
  }

  /** Whether feature {@code j} takes integer values only. */
  public boolean isInteger(int j) {
    return integer != null && integer[j];
  }

  /** Maps a row in user units to model units. */
  public double toModel(double x, int j) {
    return mean == null ? x : (x - mean[j]) / std[j];
  }
}
