package io.modelvet.integrity.bench;

import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.Manifest;
import io.modelvet.integrity.hashing.ModelHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Hashing throughput of ModelVet versus {@code sha256sum} on the same files (not a unit test).
 *
 * <pre>
 * java -cp modelvet-integrity/target/classes:modelvet-integrity/target/test-classes \
 *     io.modelvet.integrity.bench.HashBench [files=4] [mib-per-file=512] [rounds=3]
 * </pre>
 *
 * Writes {@code files x mib} of random data to a temp folder, warms the page cache, then times
 * (best of {@code rounds}): {@code sha256sum} over all files in one process and in one process per
 * core, and ModelVet's {@link ModelHasher} with 1 thread and with all cores, in {@code files} mode
 * and in {@code shards} mode (64 MiB shards, so a single large file also spreads over cores). The
 * temp folder is deleted at the end. Both sides read from the page cache, so this measures hashing,
 * not the disk.
 */
public final class HashBench {
  private HashBench() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int cores = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("modelvet-hashbench");
    try {
      List<Path> paths = writeFiles(dir, files, mib);
      double totalMb = (double) files * mib * 1024 * 1024 / 1e6;
      System.out.printf(Locale.ROOT, "data: %d files x %d MiB = %.0f MB in %s; cores: %d; java %s%n",
          files, mib, totalMb, dir, cores, System.getProperty("java.version"));
      sha256sum(paths, 1); // warm the page cache
      HashingConfig filesMode = HashingConfig.defaults();
      HashingConfig shardsMode = HashingConfig.defaults().withShards(64L << 20);
      new ModelHasher(cores).hash(dir, filesMode); // JIT warm-up

      Timing sumOne = best(rounds, () -> sha256sum(paths, 1));
      Timing sumAll = best(rounds, () -> sha256sum(paths, cores));
      Timing mvOne = best(rounds, () -> java(() -> new ModelHasher(1).hash(dir, filesMode)));
      Timing mvAll = best(rounds, () -> java(() -> new ModelHasher(cores).hash(dir, filesMode)));
      Timing mvShardsAll = best(rounds, () -> java(() -> new ModelHasher(cores).hash(dir, shardsMode)));

      check(dir, paths, filesMode);
      System.out.printf(Locale.ROOT, "%-44s %12s %16s%n", "run (best of " + rounds + ")", "wall MB/s", "MB per CPU-s");
      row("sha256sum, 1 process", totalMb, sumOne);
      row("sha256sum, " + cores + " processes", totalMb, sumAll);
      row("ModelVet files mode, 1 thread", totalMb, mvOne);
      row("ModelVet files mode, " + cores + " threads", totalMb, mvAll);
      row("ModelVet shards mode (64 MiB), " + cores + " threads", totalMb, mvShardsAll);
      System.out.printf(Locale.ROOT,
          "per core (MB per CPU-second): ModelVet %.0f%% of sha256sum; wall-clock scaling 1 -> %d: ModelVet %.2fx, sha256sum %.2fx%n",
          100 * sumOne.cpu / mvOne.cpu, cores, mvOne.wall / mvAll.wall, sumOne.wall / sumAll.wall);
      System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Wall-clock and CPU seconds of one run. */
  private record Timing(double wall, double cpu) {}

  private interface Run {
    /** Runs once and returns the CPU seconds it used. */
    double run() throws Exception;
  }

  private interface Work {
    void run() throws Exception;
  }

  private static Timing best(int rounds, Run r) throws Exception {
    Timing best = null;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      double cpu = r.run();
      Timing t = new Timing((System.nanoTime() - t0) / 1e9, cpu);
      if (best == null || t.wall < best.wall) best = t;
    }
    return best;
  }

  /** Runs Java work and returns the process CPU seconds it used (all threads, JIT and GC included). */
  private static double java(Work w) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    w.run();
    return (os.getProcessCpuTime() - c0) / 1e9;
  }

  private static void row(String name, double mb, Timing t) {
    System.out.printf(Locale.ROOT, "%-44s %12.0f %16.0f%n", name, mb / t.wall, mb / t.cpu);
  }

  /**
   * sha256sum over the files split across {@code processes} concurrent processes, run from one
   * bash whose {@code times} builtin reports the children's CPU seconds.
   */
  private static double sha256sum(List<Path> paths, int processes) throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    for (int p = 0; p < processes; p++) {
      script.append("sha256sum");
      for (int i = p; i < paths.size(); i += processes) script.append(" '").append(paths.get(i)).append('\'');
      script.append(" >/dev/null & ");
    }
    script.append("wait; times");
    Process pr = new ProcessBuilder("bash", "-c", script.toString()).start();
    String[] lines = new String(pr.getInputStream().readAllBytes()).trim().split("\n");
    if (pr.waitFor() != 0 || lines.length < 2) throw new IOException("sha256sum failed");
    String[] children = lines[1].trim().split("\\s+");
    return seconds(children[0]) + seconds(children[1]);
  }

  /** Parses bash {@code times} output such as {@code 1m2.345s}. */
  private static double seconds(String t) {
    int m = t.indexOf('m');
    return Integer.parseInt(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
  }

  /** The digests agree with sha256sum (so the timing compares equal work). */
  private static void check(Path dir, List<Path> paths, HashingConfig cfg) throws Exception {
    Manifest m = new ModelHasher(1).hash(dir, cfg);
    Process p = new ProcessBuilder("sha256sum", paths.get(0).toString()).start();
    String line = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0 || !line.startsWith(m.resources().get(0).digest()))
      throw new IllegalStateException("digest differs from sha256sum: " + line + " vs " + m.resources().get(0));
  }

  private static List<Path> writeFiles(Path dir, int files, int mib) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(1).nextBytes(block);
    List<Path> out = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path p = dir.resolve(String.format(Locale.ROOT, "shard-%02d.bin", f));
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (int i = 0; i < mib; i++) {
          block[0] = (byte) f;
          block[1] = (byte) i;
          ByteBuffer b = ByteBuffer.wrap(block);
          while (b.hasRemaining()) ch.write(b);
        }
      }
      out.add(p);
    }
    return out;
  }
}
