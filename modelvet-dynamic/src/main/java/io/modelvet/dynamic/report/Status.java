package io.modelvet.dynamic.report;

/** Outcome of one test family. */
public enum Status {
  PASS,
  WARN,
  FAIL,
  /** Not run: the inputs it needs were not given (e.g. no members file). */
  SKIPPED
}
