package io.modelvet.spark;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.report.FileResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Runs on an executor: scans the files of one partition in place with the unchanged core engine,
 * one file at a time, each under the engine's budgets and a hard per-file timeout. Whatever goes
 * wrong with a file (unreadable, vanished, scanner stuck) becomes an inconclusive row; a partition
 * never fails because of a file.
 */
final class PartitionScanner {
  private static volatile ScanEngine engine;

  private PartitionScanner() {}

  private static ScanEngine engine() {
    ScanEngine e = engine;
    if (e == null) {
      synchronized (PartitionScanner.class) {
        if (engine == null) engine = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1));
        e = engine;
      }
    }
    return e;
  }

  static Iterator<Row> scan(Iterator<InputFile> files, SerializableConf conf, long timeoutMillis) {
    ExecutorService worker = Executors.newSingleThreadExecutor(PartitionScanner::daemon);
    List<Row> out = new ArrayList<>();
    try {
      while (files.hasNext()) {
        InputFile f = files.next();
        Future<List<Row>> job = worker.submit(() -> scanOne(f, conf));
        long t0 = System.nanoTime();
        try {
          out.addAll(job.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
          job.cancel(true);
          out.add(ResultRows.failed(f, "scan did not finish within the time budget", 0, millis(t0)));
          // A stuck scanner keeps its thread; start a fresh worker for the next file.
          worker.shutdownNow();
          worker = Executors.newSingleThreadExecutor(PartitionScanner::daemon);
        } catch (ExecutionException e) {
          out.add(ResultRows.failed(f, "internal error while scanning", 0, millis(t0)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("scan task interrupted", e);
        }
      }
    } finally {
      worker.shutdownNow();
    }
    return out.iterator();
  }

  /** Deep stacks for recursive formats (as in the CLI); daemon so a stuck parser never blocks exit. */
  private static Thread daemon(Runnable r) {
    Thread t = new Thread(null, r, "modelvet-spark-scan", 64L << 20);
    t.setDaemon(true);
    return t;
  }

  private static List<Row> scanOne(InputFile f, SerializableConf conf) {
    long t0 = System.nanoTime();
    Path p = new Path(f.path());
    HadoopByteSource src;
    try {
      FileSystem fs = p.getFileSystem(conf.get());
      // Local files: read them directly, not through the checksumming wrapper (which reads .crc files).
      if (fs instanceof LocalFileSystem local) fs = local.getRaw();
      src = new HadoopByteSource(fs.open(p), f.size());
    } catch (IOException e) {
      return List.of(ResultRows.failed(f, "cannot read: " + oneLine(e), 0, millis(t0)));
    }
    try (src) {
      List<FileResult> results = engine().scan(f.path(), src);
      return ResultRows.of(f, results, src.bytesRead(), millis(t0));
    } catch (IOException e) {
      return List.of(ResultRows.failed(f, "cannot read: " + oneLine(e), src.bytesRead(), millis(t0)));
    }
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage();
    return m == null ? "I/O error" : m.lines().findFirst().orElse("I/O error");
  }
}
