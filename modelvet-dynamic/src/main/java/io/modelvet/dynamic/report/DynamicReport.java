package io.modelvet.dynamic.report;

import io.modelvet.report.Severity;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code modelvet test} run measured. Serialised as JSON following
 * {@code docs/dynamic-report.schema.json}.
 *
 * @param schemaVersion version of the JSON layout
 * @param tool tool name and version
 * @param model model path, SHA-256, signature, output kind
 * @param data data files and sizes
 * @param domain input bounds and normalisation, in the user's units
 * @param seed RNG seed of the run
 * @param tests one result per test family, in the order run
 * @param totalQueries rows sent to the model
 * @param seconds wall time
 */
public record DynamicReport(
    String schemaVersion,
    String tool,
    Map<String, Object> model,
    Map<String, Object> data,
    Map<String, Object> domain,
    long seed,
    List<TestResult> tests,
    long totalQueries,
    double seconds) {

  public static final String SCHEMA_VERSION = "1";

  /** Worst severity over all findings, or null. */
  public Severity worstSeverity() {
    Severity worst = null;
    for (TestResult t : tests) for (DynamicFinding f : t.findings()) worst = Severity.max(worst, f.severity());
    return worst;
  }

  /**
   * Exit code as for {@code scan}: 1 if a finding reaches {@code failOn}; else 3 if a requested
   * test could not run; else 0.
   */
  public int exitCode(Severity failOn) {
    Severity w = worstSeverity();
    if (w != null && w.atLeast(failOn)) return 1;
    for (TestResult t : tests) if (t.status() == Status.SKIPPED) return 3;
    return 0;
  }
}
