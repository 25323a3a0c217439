package io.modelvet.formats.common;

import io.modelvet.engine.ScanContext;
import io.modelvet.report.Severity;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports findings for one file with a cap per rule, so that a hostile header repeating the same
 * defect a million times yields a bounded report: the first {@code perRule} findings of each rule
 * are kept, then one note says how many more were dropped. Create one per scanned file.
 */
public final class CappedReports {
  private final ScanContext ctx;
  private final int perRule;
  private final Map<String, Integer> counts = new HashMap<>();

  public CappedReports(ScanContext ctx, int perRule) {
    this.ctx = ctx;
    this.perRule = perRule;
  }

  /** Reports at the rule's default severity unless the cap for this rule is reached. */
  public void report(String ruleId, long offset, String message, String evidence) {
    if (admit(ruleId)) ctx.report(ruleId, offset, message, evidence);
  }

  /** Reports at an explicit severity unless the cap for this rule is reached. */
  public void report(String ruleId, Severity severity, long offset, String message, String evidence) {
    if (admit(ruleId)) ctx.report(ruleId, severity, offset, message, evidence);
  }

  /** The file being scanned. */
  public ScanContext context() {
    return ctx;
  }

  /** Number of findings of {@code ruleId} seen so far, including dropped ones. */
  public int count(String ruleId) {
    return counts.getOrDefault(ruleId, 0);
  }

  private boolean admit(String ruleId) {
    int n = counts.merge(ruleId, 1, Integer::sum);
    if (n == perRule + 1)
      ctx.report(ruleId, -1, "More findings of this kind were found; only the first " + perRule + " are listed.", ruleId + " (cap reached)");
    return n <= perRule;
  }
}
