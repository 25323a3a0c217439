package io.modelvet.remote;

import io.modelvet.engine.BudgetExceededException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What scanning one remote file cost: bytes downloaded (its own and those of the neighbouring
 * files it refers to) against a budget, and the first reason a read could not be completed. A
 * file with a failure is inconclusive whatever its scanner concluded from the bytes it did get.
 */
public final class Traffic {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final long budget;
  private volatile String failure;

  public Traffic(long budget) {
    this.budget = budget;
  }

  void charge(long n) throws BudgetExceededException {
    long total = bytes.addAndGet(n);
    if (total > budget) {
      String reason = "more than " + budget + " bytes would be downloaded to scan this file";
      fail(reason);
      throw new BudgetExceededException(reason);
    }
  }

  void request() {
    requests.incrementAndGet();
  }

  synchronized void fail(String reason) {
    if (failure == null) failure = reason;
  }

  public long bytes() {
    return bytes.get();
  }

  public long requests() {
    return requests.get();
  }

  /** Why some bytes could not be fetched, or null when every read succeeded. */
  public String failure() {
    return failure;
  }
}
