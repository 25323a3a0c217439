package io.modelvet.dynamic.model;

/** A per-sample query allowance: attacks ask before every model call they make for a sample. */
public final class QueryBudget {
  private final int limit;
  private int used;

  public QueryBudget(int limit) {
    if (limit < 1) throw new IllegalArgumentException("query budget must be at least 1");
    this.limit = limit;
  }

  /** Reserves {@code n} queries; false (and nothing reserved) if that would exceed the limit. */
  public boolean tryUse(int n) {
    if (used + n > limit) return false;
    used += n;
    return true;
  }

  /** Queries still available. */
  public int remaining() {
    return limit - used;
  }

  public int used() {
    return used;
  }

  public int limit() {
    return limit;
  }
}
