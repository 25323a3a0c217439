package io.modelvet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.testutil.HostileScan;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What every parser promises on hostile bytes, checked by the harness itself (not only by the
 * parser's own budgets): through the engine, a verdict and no unexpected failure (see {@link
 * HostileScan}); for a parser called directly, no exception but the documented ones ({@link
 * MalformedException} for the format parsers), and allocation bounded by {@link
 * #DIRECT_ALLOCATION_LIMIT}. Public for the harnesses of the other modules (IntegrityFuzzTest).
 */
public final class FuzzContract {
  /** Bytes a directly called parser may allocate for one input (inputs are at most a few MB). */
  public static final long DIRECT_ALLOCATION_LIMIT = 64L << 20;

  private FuzzContract() {}

  /**
   * Scans through the engine's dispatch and checks verdict, failure kind, reads and allocation. The
   * first input a scanner sees also pays for its one-time set-up (policies, rule tables), so an
   * allocation over the limit is measured once more: only what an input costs every time counts.
   */
  public static FileResult scan(String name, byte[] data) {
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

  /** A parser entry point, called directly. */
  public interface Parser {
    void parse() throws Exception;
  }

  /** Runs a format parser directly; a MalformedException is the documented rejection, anything else a bug. */
  public static void direct(Parser parser) {
    direct(parser, List.of(MalformedException.class));
  }

  /** Runs a parser directly; the {@code documented} exceptions are its rejections, anything else a bug. */
  public static void direct(Parser parser, List<Class<? extends Exception>> documented) {
    if (allocated(parser, documented) >= DIRECT_ALLOCATION_LIMIT) // one-time set-up on first use: measure again
      assertThat(allocated(parser, documented)).as("bytes allocated by the parser").isLessThan(DIRECT_ALLOCATION_LIMIT);
  }

  private static long allocated(Parser parser, List<Class<? extends Exception>> documented) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    try {
      parser.parse();
    } catch (Exception e) {
      if (documented.stream().noneMatch(c -> c.isInstance(e))) {
        if (e instanceof RuntimeException r) throw r;
        throw new AssertionError("undocumented exception " + e.getClass().getName() + ": " + e.getMessage(), e);
      }
    }
    return mx.getThreadAllocatedBytes(tid) - before;
  }
}
