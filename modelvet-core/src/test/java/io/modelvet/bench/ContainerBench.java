package io.modelvet.bench;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.formats.archive.StoredZipWriter;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scan time of big stored zips, which must not depend on tensor size: a 2 GiB PyTorch-style
 * checkpoint ({@code archive/data.pkl} plus one 2 GiB storage) and a 10 GiB stored zip (ZIP64)
 * of two 5 GiB members, and a 4 GiB uncompressed tar, all written as sparse files. Storages are never read and generic
 * members are sniffed from their head, so both scans take milliseconds. Not a timed test: run
 * with {@code bench/run.sh modelvet-core:io.modelvet.bench.ContainerBench}.
 */
public final class ContainerBench {
  private static final byte[] STATE_DICT_PICKLE = {(byte) 0x80, 2, '}', 'q', 0, '.'};

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(System.getenv().getOrDefault("BENCH_DIR", "/tmp")).resolve("modelvet-container-bench");
    Files.createDirectories(dir);
    Path small = dir.resolve("small_checkpoint.pt");
    Path torch = dir.resolve("big_checkpoint.pt");
    Path huge = dir.resolve("huge_stored.zip");
    Path tar = dir.resolve("big_weights.tar");
    try {
      torchZip(small, 1L << 20);
      torchZip(torch, 2L << 30);
      storedZip(huge, 5L << 30);
      sparseTar(tar, 4L << 30);
      ScanEngine engine = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1));
      run(engine, small); // warm-up: class loading, rule catalog
      for (Path p : List.of(small, torch, huge, tar)) {
        long best = Long.MAX_VALUE;
        ScanReport last = null;
        for (int i = 0; i < 5; i++) {
          long t0 = System.nanoTime();
          last = run(engine, p);
          best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("%-22s %6.2f GiB  best of 5: %7.2f ms  results: %s%n",
            p.getFileName(), Files.size(p) / (double) (1L << 30), best / 1e6, summary(last.files()));
      }
    } finally {
      for (Path p : List.of(small, torch, huge, tar)) Files.deleteIfExists(p);
      Files.deleteIfExists(dir);
    }
  }

  private static void torchZip(Path p, long storageBytes) throws IOException {
    SparseFixtures.torchZip(p, STATE_DICT_PICKLE, storageBytes);
  }

  private static void storedZip(Path p, long memberBytes) throws IOException {
    Files.deleteIfExists(p);
    try (StoredZipWriter w = new StoredZipWriter(new RandomAccessFile(p.toFile(), "rw"), true)) {
      w.add("README.txt", "two big stored members\n".getBytes(StandardCharsets.US_ASCII));
      w.addZeros("blob_a.bin", memberBytes);
      w.addZeros("blob_b.bin", memberBytes);
      w.finish();
    }
  }

  /** A ustar archive: a small text member, then one member of {@code bytes} zeros left as a hole. */
  private static void sparseTar(Path p, long bytes) throws IOException {
    Files.deleteIfExists(p);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      byte[] text = "weights follow\n".getBytes(StandardCharsets.US_ASCII);
      f.write(tarHeader("README.txt", text.length));
      f.write(text);
      f.seek(512 + 512);
      f.write(tarHeader("weights.bin", bytes));
      f.seek(f.getFilePointer() + bytes); // hole; the size is a multiple of 512
      f.write(new byte[1024]); // end-of-archive blocks
    }
  }

  private static byte[] tarHeader(String name, long size) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = '0';
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    for (int i = 148; i < 156; i++) h[i] = ' ';
    long sum = 0;
    for (byte b : h) sum += b & 0xff;
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  private static ScanReport run(ScanEngine engine, Path p) throws IOException {
    return engine.scan(List.of(p), null);
  }

  private static String summary(List<FileResult> rs) {
    StringBuilder b = new StringBuilder();
    for (FileResult r : rs) {
      String path = r.path();
      b.append(path.substring(path.lastIndexOf('/') + 1)).append('=').append(r.format()).append('/').append(r.verdict()).append(' ');
    }
    return b.toString().trim();
  }
}
