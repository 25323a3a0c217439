package io.modelvet.config;

import io.modelvet.report.Severity;
import java.util.List;

/**
 * A project's scan configuration ({@code .modelvet.yaml}): extra allowed pickle globals,
 * suppressions by rule and path glob, and severity overrides. Every entry carries a reason that
 * the report repeats.
 */
public record ScanConfig(List<AllowedGlobal> allow, List<Suppress> suppress, List<Override> severity) {

  public ScanConfig {
    allow = allow == null ? List.of() : List.copyOf(allow);
    suppress = suppress == null ? List.of() : List.copyOf(suppress);
    severity = severity == null ? List.of() : List.copyOf(severity);
  }

  public static ScanConfig empty() {
    return new ScanConfig(List.of(), List.of(), List.of());
  }

  /** A pickle global the user vouches for: {@code module} and exact qualified {@code name}. */
  public record AllowedGlobal(String module, String name, String reason) {}

  /** Drop findings of {@code rule} (or every rule when "*") on paths matching any glob. */
  public record Suppress(String rule, List<String> paths, String reason) {
    public Suppress {
      paths = paths == null ? List.of("**") : List.copyOf(paths);
    }
  }

  /** Report findings of {@code rule} at {@code level} instead (optionally only on some paths). */
  public record Override(String rule, Severity level, List<String> paths, String reason) {
    public Override {
      paths = paths == null ? List.of("**") : List.copyOf(paths);
    }
  }
}
