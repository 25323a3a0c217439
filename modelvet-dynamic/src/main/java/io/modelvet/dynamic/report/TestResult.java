package io.modelvet.dynamic.report;

import io.modelvet.report.Severity;
import java.util.List;
import java.util.Map;

/**
 * Result of one test family.
 *
 * @param test identifier: robustness, privacy, fairness or stability
 * @param title human title
 * @param status pass / warn / fail / skipped
 * @param summary one sentence with the headline number
 * @param parameters every setting that influenced the result (for reproduction)
 * @param metrics headline metrics by name
 * @param findings problems found, worst first
 * @param details structured data behind the charts (family-specific record)
 */
public record TestResult(
    String test,
    String title,
    Status status,
    String summary,
    Map<String, Object> parameters,
    Map<String, Object> metrics,
    List<DynamicFinding> findings,
    Object details) {

  /** A test that could not run, with the reason. */
  public static TestResult skipped(String test, String title, String reason) {
    return new TestResult(test, title, Status.SKIPPED, reason, Map.of(), Map.of(), List.of(), null);
  }

  /** Status from the worst finding: HIGH or above fails, LOW/MEDIUM warns, otherwise pass. */
  public static Status statusOf(List<DynamicFinding> findings) {
    Severity worst = null;
    for (DynamicFinding f : findings) worst = Severity.max(worst, f.severity());
    if (worst == null || worst == Severity.INFO) return Status.PASS;
    return worst.atLeast(Severity.HIGH) ? Status.FAIL : Status.WARN;
  }
}
