package io.modelvet.report;

/** The outcome for one file. Skipped or partly analysed files are never {@link #CLEAN}. */
public enum Verdict {
  /** Fully analysed and nothing found. */
  CLEAN,
  /** Fully or partly analysed, with at least one finding. */
  FINDINGS,
  /** Could not be fully analysed: unsupported, parse failure, budget exceeded (see reason). */
  INCONCLUSIVE
}
