package io.modelvet.engine;

import io.modelvet.config.ScanConfig;

/**
 * How to scan.
 *
 * @param strict every non-allow-listed pickle reference becomes HIGH
 * @param config project configuration (allow entries, suppressions, overrides)
 * @param budgets resource limits
 * @param threads worker threads for files (at least 1)
 */
public record ScanOptions(boolean strict, ScanConfig config, Budgets budgets, int threads) {

  public static ScanOptions defaults() {
    return new ScanOptions(false, ScanConfig.empty(), Budgets.defaults(), Runtime.getRuntime().availableProcessors());
  }

  public ScanOptions withStrict(boolean s) {
    return new ScanOptions(s, config, budgets, threads);
  }

  public ScanOptions withConfig(ScanConfig c) {
    return new ScanOptions(strict, c, budgets, threads);
  }

  public ScanOptions withBudgets(Budgets b) {
    return new ScanOptions(strict, config, b, threads);
  }

  public ScanOptions withThreads(int t) {
    return new ScanOptions(strict, config, budgets, Math.max(1, t));
  }
}
