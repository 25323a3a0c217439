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

      double sumOne = best(rounds, () -> sha256sum(paths, 1));
      double sumAll = best(rounds, () -> sha256sum(paths, cores));
      double mvOne = best(rounds, () -> new ModelHasher(1).hash(dir, filesMode));
      double mvAll = best(rounds, () -> new ModelHasher(cores).hash(dir, filesMode));
      double mvShardsAll = best(rounds, () -> new ModelHasher(cores).hash(dir, shardsMode));

      check(dir, paths, filesMode);
      System.out.printf(Locale.ROOT, "%-44s %9s%n", "run", "MB/s");
      row("sha256sum, 1 process", totalMb / sumOne);
      row("sha256sum, " + cores + " processes", totalMb / sumAll);
      row("ModelVet files mode, 1 thread", totalMb / mvOne);
      row("ModelVet files mode, " + cores + " threads", totalMb / mvAll);
      row("ModelVet shards mode (64 MiB), " + cores + " threads", totalMb / mvShardsAll);
      System.out.printf(Locale.ROOT, "ModelVet / sha256sum per core: %.0f%%; ModelVet scaling 1 -> %d threads: %.2fx (sha256sum: %.2fx)%n",
          100 * sumOne / mvOne, cores, mvOne / mvAll, sumOne / sumAll);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  private static double best(int rounds, Run r) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  private static void row(String name, double mbps) {
    System.out.printf(Locale.ROOT, "%-44s %9.0f%n", name, mbps);
  }

  /** sha256sum over the files split across {@code processes} concurrent processes. */
  private static void sha256sum(List<Path> paths, int processes) throws IOException, InterruptedException {
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      List<String> cmd = new ArrayList<>(List.of("sha256sum"));
      for (int i = p; i < paths.size(); i += processes) cmd.add(paths.get(i).toString());
      if (cmd.size() > 1) running.add(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    for (Process pr : running) if (pr.waitFor() != 0) throw new IOException("sha256sum failed");
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
