package io.modelvet.report;

import java.util.Locale;

/** How bad a finding is. Ordered from least to most severe, so {@code compareTo} ranks them. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** True when this severity is the same as or worse than {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) >= 0;
  }

  /** Parses a level name case-insensitively ("high", "HIGH"). */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "' (expected INFO, LOW, MEDIUM, HIGH or CRITICAL)");
    }
  }

  public static Severity max(Severity a, Severity b) {
    if (a == null) return b;
    if (b == null) return a;
    return a.compareTo(b) >= 0 ? a : b;
  }
}
