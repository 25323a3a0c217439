package io.modelvet.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Budgets;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.report.FileResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Runs the engine on hostile bytes with a small operand budget and checks the two promises of
 * the parsers: no exception escapes (the engine would report "analysis failed"), and memory
 * stays bounded (reads and allocations well under what the lying length fields ask for).
 */
public final class HostileScan {
  /** Operand budget used for hostile inputs: any header or string above it must be refused. */
  public static final int OPERAND_BUDGET = 1 << 16;

  private static final Budgets SMALL =
      new Budgets(4, 1000, 1L << 24, 200, 1L << 20, 100_000, 10_000, 10_000, 50, OPERAND_BUDGET, Duration.ofSeconds(20));
  private static final ScanEngine ENGINE =
      new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withBudgets(SMALL).withThreads(1));

  private HostileScan() {}

  /** Scans {@code data} and asserts the invariants; returns the result for further checks. */
  public static FileResult check(String name, byte[] data) {
    CountingSource src = new CountingSource(data);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    FileResult r = ENGINE.scan(name, src).get(0);
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertThat(r.verdict()).as("verdict").isNotNull();
    String reason = r.inconclusiveReason() == null ? "" : r.inconclusiveReason();
    assertThat(reason).as("unexpected failure").doesNotStartWith("analysis failed").doesNotContain("ran out of memory").doesNotStartWith("structure nested too deeply");
    assertThat(src.largestRead()).as("largest single read").isLessThanOrEqualTo(Math.max(OPERAND_BUDGET, 1 << 16));
    assertThat(allocated).as("bytes allocated while scanning %d input bytes", data.length).isLessThan(64L << 20);
    return r;
  }

  /**
   * Scans a folder (formats whose files refer to each other: OCDBT databases, zarr arrays) with
   * the same small budgets and asserts the same invariants for every result: no unexpected failure,
   * a verdict for every file, bounded allocation.
   */
  public static java.util.List<FileResult> checkFolder(java.nio.file.Path dir) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    java.util.Map<Long, Long> before = allocatedPerThread(mx);
    java.util.List<FileResult> rs;
    try {
      rs = io.modelvet.ModelVet.scanner(ScanOptions.defaults().withBudgets(SMALL).withThreads(1)).scan(dir).files();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long allocated = 0;
    for (java.util.Map.Entry<Long, Long> e : allocatedPerThread(mx).entrySet()) allocated += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    assertThat(rs).isNotEmpty();
    for (FileResult r : rs) {
      assertThat(r.verdict()).as(r.path()).isNotNull();
      String reason = r.inconclusiveReason() == null ? "" : r.inconclusiveReason();
      assertThat(reason).as("unexpected failure in " + r.path()).doesNotStartWith("analysis failed").doesNotContain("ran out of memory").doesNotStartWith("structure nested too deeply");
    }
    assertThat(allocated).as("bytes allocated (all threads) while scanning the folder").isLessThan(128L << 20);
    return rs;
  }

  private static java.util.Map<Long, Long> allocatedPerThread(com.sun.management.ThreadMXBean mx) {
    long[] ids = mx.getAllThreadIds();
    long[] bytes = mx.getThreadAllocatedBytes(ids);
    java.util.Map<Long, Long> out = new java.util.HashMap<>();
    for (int i = 0; i < ids.length; i++) if (bytes[i] >= 0) out.put(ids[i], bytes[i]);
    return out;
  }
}
