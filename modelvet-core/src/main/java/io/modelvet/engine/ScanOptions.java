package io.modelvet.engine;

import io.modelvet.config.ScanConfig;

/**
 * How to scan.
 *
 * @param strict every non-allow-listed pickle reference becomes HIGH
 * @param config project configuration (allow entries, suppressions, overrides)
 * @param budgets resource limits
 * @param threads worker threads for files (at least 1)
 * @param selection which files under the scanned folders are scanned
 */
public record ScanOptions(boolean strict, ScanConfig config, Budgets budgets, int threads, FileSelection selection) {

  public ScanOptions(boolean strict, ScanConfig config, Budgets budgets, int threads) {
    this(strict, config, budgets, threads, FileSelection.all());
  }

  public static ScanOptions defaults() {
    return new ScanOptions(false, ScanConfig.empty(), Budgets.defaults(), Runtime.getRuntime().availableProcessors());
  }

  public ScanOptions withSelection(FileSelection s) {
    return new ScanOptions(strict, config, budgets, threads, s);
  }

  public ScanOptions withStrict(boolean s) {
    return new ScanOptions(s, config, budgets, threads, selection);
  }

  public ScanOptions withConfig(ScanConfig c) {
    return new ScanOptions(strict, c, budgets, threads, selection);
  }

  public ScanOptions withBudgets(Budgets b) {
    return new ScanOptions(strict, config, b, threads, selection);
  }

  public ScanOptions withThreads(int t) {
    return new ScanOptions(strict, config, budgets, Math.max(1, t), selection);
  }
}
