package io.modelvet.rules;

import io.modelvet.report.Finding;
import io.modelvet.report.Location;
import io.modelvet.report.Owasp;
import io.modelvet.report.Severity;

/**
 * A detection rule as reviewed data: its stable id, default severity, OWASP tag and the
 * explanation shown to users. Rules live in {@code io/modelvet/rules/*.json}.
 *
 * @param id stable identifier, {@code family.slug}
 * @param severity default severity (a scanner may pass a different one for a specific case)
 * @param owasp OWASP ML Top-10 category
 * @param cwe CWE id such as {@code CWE-502}, or null
 * @param title short name
 * @param help what it means and what to do, for reports and SARIF rule help
 */
public record Rule(String id, Severity severity, Owasp owasp, String cwe, String title, String help) {

  /** A finding of this rule at its default severity. */
  public Finding finding(Location where, String message, String evidence) {
    return new Finding(id, severity, message, where, evidence, owasp, null);
  }

  /** A finding of this rule at an explicit severity (e.g. a denied callable's own severity). */
  public Finding finding(Severity sev, Location where, String message, String evidence) {
    return new Finding(id, sev, message, where, evidence, owasp, null);
  }
}
