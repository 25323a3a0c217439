package io.modelvet.dynamic;

/** Receives progress of long runs (the CLI draws a bar on a terminal). */
@FunctionalInterface
public interface Progress {
  /** {@code done} of {@code total} steps of {@code phase} are complete. */
  void update(String phase, int done, int total);

  /** Ignores progress. */
  Progress NONE = (phase, done, total) -> {};
}
