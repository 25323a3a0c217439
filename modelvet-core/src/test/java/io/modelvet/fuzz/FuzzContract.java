package io.modelvet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.testutil.HostileScan;
import java.lang.management.ManagementFactory;

/**
 * What every parser promises on hostile bytes, checked by the harness itself (not only by the
 * parser's own budgets): through the engine, a verdict and no unexpected failure (see {@link
 * HostileScan}); for a parser called directly, no exception but the documented {@link
 * MalformedException}, and allocation bounded by {@link #DIRECT_ALLOCATION_LIMIT}.
 */
final class FuzzContract {
  /** Bytes a directly called parser may allocate for one input (inputs are at most a few MB). */
  static final long DIRECT_ALLOCATION_LIMIT = 64L << 20;

  private FuzzContract() {}

  /**
   * Scans through the engine's dispatch and checks verdict, failure kind, reads and allocation. The
   * first input a scanner sees also pays for its one-time set-up (policies, rule tables), so an
   * allocation over the limit is measured once more: only what an input costs every time counts.
   */
  static FileResult scan(String name, byte[] data) {
    FileResult r;
    try {
      r = HostileScan.check(name, data);
    } catch (AssertionError first) {
      if (!String.valueOf(first.getMessage()).contains("bytes allocated")) throw first;
      r = HostileScan.check(name, data);
    }
    assertThat(r.verdict()).as("every file gets a verdict").isNotNull();
    return r;
  }

  /** A parser entry point that may reject its input only with a MalformedException. */
  interface Parser {
    void parse() throws MalformedException;
  }

  /** Runs a parser directly; a MalformedException is the documented rejection, anything else a bug. */
  static void direct(Parser parser) {
    if (allocated(parser) >= DIRECT_ALLOCATION_LIMIT) // one-time set-up on first use: measure again
      assertThat(allocated(parser)).as("bytes allocated by the parser").isLessThan(DIRECT_ALLOCATION_LIMIT);
  }

  private static long allocated(Parser parser) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    try {
      parser.parse();
    } catch (MalformedException expected) {
      // documented rejection of malformed input
    }
    return mx.getThreadAllocatedBytes(tid) - before;
  }
}
