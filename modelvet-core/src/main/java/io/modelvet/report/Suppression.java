package io.modelvet.report;

/**
 * A finding that configuration removed from the verdict, kept in the report so that nothing
 * disappears silently.
 *
 * @param finding the finding as it would have been reported
 * @param reason the configured reason, and which config entry applied
 */
public record Suppression(Finding finding, String reason) {}
