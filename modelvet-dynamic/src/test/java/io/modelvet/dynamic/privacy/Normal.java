package io.modelvet.dynamic.privacy;

/** Standard normal CDF and quantile for the test oracles. */
final class Normal {
  private Normal() {}

  /** Φ(x) via the complementary error function. */
  static double cdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  /** erfc: Taylor series of erf below 2.5, Lentz continued fraction above (about 1e-14 relative). */
  static double erfc(double x) {
    if (x < 0) return 2 - erfc(-x);
    // series for small x, continued fraction for large x
    if (x < 2.5) {
      double sum = x;
      double term = x;
      double x2 = x * x;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
      }
      return 1 - 2 / Math.sqrt(Math.PI) * sum;
    }
    // Lentz continued fraction: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double a = n / 2.0;
      d = x + a * d;
      d = d == 0 ? 1e-300 : 1 / d;
      c = x + a / c;
      if (c == 0) c = 1e-300;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  /** Φ⁻¹(p) by bisection on {@link #cdf}. */
  static double inverseCdf(double p) {
    if (p <= 0 || p >= 1) throw new IllegalArgumentException("p must be in (0,1)");
    double lo = -40;
    double hi = 40;
    double x = 0;
    for (int i = 0; i < 200; i++) {
      x = (lo + hi) / 2;
      if (cdf(x) < p) lo = x; else hi = x;
      if (hi - lo < 1e-13) break;
    }
    return x;
  }
}
