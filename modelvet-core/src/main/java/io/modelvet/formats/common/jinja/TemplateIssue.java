package io.modelvet.formats.common.jinja;

import io.modelvet.report.Severity;

/**
 * One problem found in a template, before it is attached to a file.
 *
 * @param ruleId rule in {@code rules/jinja.json}
 * @param severity severity for this case
 * @param line 1-based template line, or 0 for the whole template
 * @param message explanation for a person
 * @param evidence the offending template excerpt
 */
public record TemplateIssue(String ruleId, Severity severity, int line, String message, String evidence) {}
