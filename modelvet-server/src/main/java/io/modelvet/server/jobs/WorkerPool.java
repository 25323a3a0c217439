package io.modelvet.server.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fixed pool of workers that take jobs from the {@link JobStore} queue. Workers wait for
 * {@link #wake()} (or poll every half second), so a job persisted before a crash is picked up after
 * the restart like any other. Stopping lets running jobs finish within a grace period; a job still
 * running after it stays "running" in the database and is queued again at the next start.
 */
public final class WorkerPool {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JobStore store;
  private final ScanExecutor scans;
  private final TestExecutor tests;
  private final ServerMetrics metrics;
  private final boolean keepUploads;
  private final List<Thread> threads = new ArrayList<>();
  private final Object signal = new Object();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopping;

  public WorkerPool(JobStore store, ScanExecutor scans, TestExecutor tests, ServerMetrics metrics, boolean keepUploads) {
    this.store = store;
    this.scans = scans;
    this.tests = tests;
    this.metrics = metrics;
    this.keepUploads = keepUploads;
  }

  /** Re-queues jobs a stopped process left running, then starts {@code workers} threads. */
  public int start(int workers) {
    int resumed = store.requeueInterrupted();
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(null, this::loop, "modelvet-worker-" + (i + 1), 64L << 20);
      t.setDaemon(true); // a hard stop abandons them; their jobs resume at the next start
      threads.add(t);
      t.start();
    }
    return resumed;
  }

  public int running() {
    return running.get();
  }

  public void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Stops taking jobs and waits up to {@code grace} for running ones. */
  public void stop(Duration grace) {
    stopping = true;
    wake();
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread t : threads) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void loop() {
    while (!stopping) {
      Job job;
      try {
        job = store.claimNext();
      } catch (RuntimeException e) {
        job = null; // database briefly unavailable: retry after the pause
      }
      if (job == null) {
        synchronized (signal) {
          try {
            if (!stopping) signal.wait(500);
          } catch (InterruptedException e) {
            return;
          }
        }
        continue;
      }
      running.incrementAndGet();
      try {
        execute(job);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private void execute(Job job) {
    long t0 = System.nanoTime();
    JobRequest req = null;
    JobResult r;
    try {
      req = JSON.readValue(job.request(), JobRequest.class);
      r = job.kind().equals("test") ? tests.run(req) : scans.run(job.id(), req);
    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
      if (record(() -> store.fail(job.id(), userMessage(e)))) {
        metrics.finished(job.kind(), "error", System.nanoTime() - t0, 0);
        cleanUp(req);
      }
      return;
    }
    if (record(() -> store.complete(job.id(), r))) {
      metrics.finished(job.kind(), r.verdict(), System.nanoTime() - t0, r.bytesRead());
      cleanUp(req);
    }
  }

  /**
   * Stores an outcome, retrying a busy database; a database failure never turns into a failed job.
   * If it cannot be stored, the job stays "running" and runs again at the next start.
   */
  private static boolean record(java.util.function.BooleanSupplier write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.getAsBoolean();
      } catch (RuntimeException e) {
        if (attempt == 5) return false;
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private void cleanUp(JobRequest req) {
    if (req != null && req.uploadDir() != null && !keepUploads) deleteTree(Path.of(req.uploadDir()));
  }

  /** A message for the job's caller without Java internals. */
  static String userMessage(Throwable e) {
    if (e instanceof StackOverflowError) return "analysis failed: structure nested too deeply";
    if (e instanceof OutOfMemoryError) return "analysis failed: out of memory";
    String m = e.getMessage();
    if (e instanceof AllowedRoots.Refused) return m;
    return m == null || m.isBlank() ? "analysis failed" : "analysis failed: " + m;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // left for the next start's clean-up of finished jobs' uploads
    }
  }
}
