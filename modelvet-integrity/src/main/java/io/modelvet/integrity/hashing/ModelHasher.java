package io.modelvet.integrity.hashing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes model files into a {@link Manifest}. Files (in {@code files} mode) or groups of shards (in
 * {@code shards} mode) are hashed in parallel on a bounded pool; each worker streams through one
 * direct buffer with positional {@link FileChannel} reads, so memory stays at {@code threads x
 * buffer} whatever the model size. The result order is the manifest order, independent of
 * scheduling.
 */
public final class ModelHasher {
  /** Read size per worker: large enough to amortise system calls, small enough to stay in cache. */
  public static final int BUFFER_SIZE = 1 << 20;

  /** Target bytes per shards-mode task, so tiny shards are grouped and big files still spread out. */
  private static final long TASK_BYTES = 64L << 20;

  private final int threads;

  /** A hasher using all cores. */
  public ModelHasher() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A hasher using at most {@code threads} worker threads. */
  public ModelHasher(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    this.threads = threads;
  }

  /** Lists and hashes {@code model} (folder or single file). */
  public Manifest hash(Path model, HashingConfig config) throws IOException {
    return hash(ModelFiles.list(model, config), config);
  }

  /** Hashes the given files (already in manifest order). */
  public Manifest hash(List<ModelFile> files, HashingConfig config) throws IOException {
    List<Task> tasks = plan(files, config);
    ResourceDigest[][] results = new ResourceDigest[tasks.size()][];
    if (threads == 1 || tasks.size() <= 1) {
      for (int i = 0; i < tasks.size(); i++) results[i] = run(tasks.get(i), config, ByteBuffer.allocateDirect(BUFFER_SIZE));
    } else {
      runParallel(tasks, config, results);
    }
    List<ResourceDigest> all = new ArrayList<>();
    for (ResourceDigest[] r : results) all.addAll(List.of(r));
    return new Manifest(config, all);
  }

  private void runParallel(List<Task> tasks, HashingConfig config, ResourceDigest[][] results) throws IOException {
    int n = Math.min(threads, tasks.size());
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(n, daemonThreads());
    try {
      // Each worker owns one buffer and pulls tasks in order, so large early files start first.
      List<Future<Void>> workers = new ArrayList<>();
      for (int w = 0; w < n; w++) {
        Callable<Void> worker =
            () -> {
              ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
              for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                results[i] = run(tasks.get(i), config, buffer);
              }
              return null;
            };
        workers.add(pool.submit(worker));
      }
      for (Future<Void> f : workers) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hashing interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof UncheckedIOException uio) throw uio.getCause();
      if (cause instanceof RuntimeException re) throw re;
      throw new IOException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One unit of work: a whole file, or a run of consecutive shards of one file. */
  private record Task(ModelFile file, long firstShardStart, int shardCount) {}

  private static List<Task> plan(List<ModelFile> files, HashingConfig config) {
    List<Task> tasks = new ArrayList<>();
    for (ModelFile f : files) {
      if (config.method() == HashingConfig.Method.FILES) {
        tasks.add(new Task(f, 0, 1));
        continue;
      }
      long shard = config.shardSize();
      long perTask = Math.max(1, TASK_BYTES / shard);
      long shards = (f.size() + shard - 1) / shard; // 0-byte files have no shard
      for (long s = 0; s < shards; s += perTask) {
        tasks.add(new Task(f, s * shard, (int) Math.min(perTask, shards - s)));
      }
    }
    return tasks;
  }

  private static ResourceDigest[] run(Task task, HashingConfig config, ByteBuffer buffer) throws IOException {
    ModelFile f = task.file();
    StreamingDigest digest = config.algorithm().newDigest();
    HexFormat hex = HexFormat.of();
    try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
      if (config.method() == HashingConfig.Method.FILES) {
        long total = hashRange(ch, 0, Long.MAX_VALUE, digest, buffer);
        if (total != f.size()) throw new IOException("file changed while hashing: " + f.name());
        return new ResourceDigest[] {new ResourceDigest(f.name(), config.resourceAlgorithm(), hex.formatHex(digest.digest()))};
      }
      ResourceDigest[] out = new ResourceDigest[task.shardCount()];
      long start = task.firstShardStart();
      for (int i = 0; i < out.length; i++) {
        long end = Math.min(start + config.shardSize(), f.size());
        long got = hashRange(ch, start, end - start, digest, buffer);
        if (got != end - start) throw new EOFException("file shrank while hashing: " + f.name());
        out[i] =
            new ResourceDigest(
                f.name() + ":" + start + ":" + end, config.resourceAlgorithm(), hex.formatHex(digest.digest()));
        start = end;
      }
      // Shards cover the size seen when listing; bytes appended since then must not go unhashed.
      if (ch.size() != f.size()) throw new IOException("file changed while hashing: " + f.name());
      return out;
    }
  }

  /** Feeds up to {@code length} bytes from {@code position} into {@code digest}; returns bytes read. */
  private static long hashRange(FileChannel ch, long position, long length, StreamingDigest digest, ByteBuffer buffer)
      throws IOException {
    long done = 0;
    while (done < length) {
      buffer.clear();
      if (length - done < buffer.capacity()) buffer.limit((int) (length - done));
      int n = ch.read(buffer, position + done);
      if (n < 0) break;
      buffer.flip();
      digest.update(buffer);
      done += n;
    }
    return done;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "modelvet-hash-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
