package io.modelvet.dynamic.robustness;

import java.util.Locale;

/** The perturbation norm of a threat model. */
public enum Norm {
  LINF("L-inf"),
  L2("L2");

  private final String label;

  Norm(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Distance between {@code a} and {@code b} in this norm. */
  public double distance(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      if (this == LINF) acc = Math.max(acc, d);
      else acc += d * d;
    }
    return this == LINF ? acc : Math.sqrt(acc);
  }

  /** Parses "linf", "inf", "l2" case-insensitively. */
  public static Norm parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "");
    return switch (t) {
      case "linf", "inf", "l∞" -> LINF;
      case "l2", "2" -> L2;
      default -> throw new IllegalArgumentException("unknown norm '" + text + "' (expected linf or l2)");
    };
  }
}
