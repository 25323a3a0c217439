package io.modelvet.report;

import java.util.Objects;

/**
 * One security-relevant observation about a file.
 *
 * @param ruleId stable rule identifier from the rule catalog, e.g. {@code pickle.denied-callable}
 * @param severity severity after any configured override
 * @param message a sentence a person understands: what is wrong and why it matters
 * @param location where it was seen
 * @param evidence what would run or what was seen, e.g. {@code os.system('echo hi')}; may be null
 * @param owasp OWASP ML Top-10 category
 * @param note how configuration changed this finding (severity override), or null
 */
public record Finding(
    String ruleId,
    Severity severity,
    String message,
    Location location,
    String evidence,
    Owasp owasp,
    String note) {

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(owasp, "owasp");
  }

  public Finding withSeverity(Severity newSeverity, String why) {
    return new Finding(ruleId, newSeverity, message, location, evidence, owasp, why);
  }
}
