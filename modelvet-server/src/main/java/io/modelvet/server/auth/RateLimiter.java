package io.modelvet.server.auth;

import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per caller: {@code perMinute} requests a minute, bursts up to the same number. */
public final class RateLimiter {
  private final double capacity;
  private final double perNano;
  private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int perMinute) {
    this.capacity = Math.max(1, perMinute);
    this.perNano = capacity / 60e9;
  }

  /** Takes one request from {@code key}'s bucket; false when it is empty. */
  public boolean tryAcquire(String key) {
    long now = System.nanoTime();
    double[] b = buckets.computeIfAbsent(key, k -> new double[] {capacity, now});
    synchronized (b) {
      b[0] = Math.min(capacity, b[0] + (now - (long) b[1]) * perNano);
      b[1] = now;
      if (b[0] < 1) return false;
      b[0] -= 1;
      return true;
    }
  }

  /** Seconds until {@code key} may send one more request. */
  public long retryAfterSeconds() {
    return Math.max(1, (long) Math.ceil(1 / (perNano * 1e9)));
  }
}
