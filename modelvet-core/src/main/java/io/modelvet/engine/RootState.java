package io.modelvet.engine;

import java.util.ArrayList;
import java.util.List;
import io.modelvet.report.FileResult;

/** Shared state of one top-level file and everything nested in it: budgets used, results so far. */
final class RootState {
  private final ScanOptions options;
  private final String rootPrefix;
  private final FolderView folder;
  private final long deadlineNanos;
  private final List<FileResult> results = new ArrayList<>();
  private long expanded;

  RootState(ScanOptions options, String rootPrefix, FolderView folder) {
    this.options = options;
    this.rootPrefix = rootPrefix;
    this.folder = folder;
    this.deadlineNanos = System.nanoTime() + options.budgets().perFileTimeout().toNanos();
  }

  ScanOptions options() {
    return options;
  }

  /** The folder the top-level file sits in, or null (an upload, a buffer). */
  FolderView folder() {
    return folder;
  }

  /** A report path relative to the folder the user scanned, for config globs. */
  String relative(String display) {
    return !rootPrefix.isEmpty() && display.startsWith(rootPrefix) ? display.substring(rootPrefix.length()) : display;
  }

  /** Reserves a slot so a container is listed before its members. */
  synchronized int reserve() {
    results.add(null);
    return results.size() - 1;
  }

  synchronized void fill(int slot, FileResult r) {
    results.set(slot, r);
  }

  synchronized List<FileResult> results() {
    List<FileResult> out = new ArrayList<>();
    for (FileResult r : results) if (r != null) out.add(r);
    return out;
  }

  synchronized void chargeExpanded(long bytes) throws BudgetExceededException {
    expanded += bytes;
    long max = options.budgets().maxExpandedBytes();
    if (expanded > max)
      throw new BudgetExceededException("more than " + max + " bytes decompressed from one file (possible decompression bomb)");
  }

  void checkDeadline() throws BudgetExceededException {
    if (System.nanoTime() > deadlineNanos)
      throw new BudgetExceededException("time budget of " + options.budgets().perFileTimeout().toSeconds() + " s exceeded");
  }
}
