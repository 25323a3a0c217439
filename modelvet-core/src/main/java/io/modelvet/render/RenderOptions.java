package io.modelvet.render;

import io.modelvet.report.Severity;

/**
 * Presentation choices only; they never change a finding or a verdict.
 *
 * @param failOn the CI threshold, shown in summaries and used for the exit code the report states
 * @param listGlobals show every pickle import seen
 * @param color ANSI colours (text output on a terminal)
 */
public record RenderOptions(Severity failOn, boolean listGlobals, boolean color) {
  public static RenderOptions defaults() {
    return new RenderOptions(Severity.MEDIUM, false, false);
  }
}
