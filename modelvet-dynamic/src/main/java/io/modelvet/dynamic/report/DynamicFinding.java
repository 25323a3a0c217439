package io.modelvet.dynamic.report;

import io.modelvet.report.Owasp;
import io.modelvet.report.Severity;

/**
 * One behavioural problem found by running the model.
 *
 * @param id stable identifier, {@code family.slug} (e.g. {@code robustness.adversarial-flip})
 * @param severity shared ModelVet severity scale
 * @param owasp OWASP ML Top-10 category
 * @param title short name of the problem
 * @param message what was measured and why it matters, for a person
 * @param evidence the measurement behind it (metric = value vs threshold)
 */
public record DynamicFinding(String id, Severity severity, Owasp owasp, String title, String message, String evidence) {}
