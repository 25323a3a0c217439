package io.modelvet.bench;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.report.FileResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Throughput of the pickle scanner on a large numeric pickle (not a test). Writes, opcode by
 * opcode, a protocol-4 pickle of a dict of NumPy arrays shaped like {@code pickle.dump} of
 * {@code {name: ndarray}} ({@code numpy.core.multiarray._reconstruct} + BUILD with a BINBYTES8
 * payload), at least 1 GiB, then scans it three times from the page cache and prints GB/s.
 *
 * <p>Run: {@code java -cp modelvet-core/target/test-classes:modelvet-core/target/classes:<deps>
 * io.modelvet.bench.PickleThroughputBench [sizeMiB]}
 */
public final class PickleThroughputBench {
  private PickleThroughputBench() {}

  public static void main(String[] args) throws IOException {
    long target = (args.length > 0 ? Long.parseLong(args[0]) : 1100) << 20;
    Path file = Files.createTempFile("modelvet-bench", ".pkl");
    try {
      long size = write(file, target);
      ScanEngine engine = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1));
      engine.scan(List.of(file), f -> {}); // warm page cache and JIT
      for (int run = 1; run <= 3; run++) {
        long t0 = System.nanoTime();
        List<FileResult> r = engine.scan(List.of(file), f -> {}).files();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("run %d: %.2f GB in %.3f s = %.1f GB/s (verdict %s, %d findings)%n",
            run, size / 1e9, s, size / 1e9 / s, r.get(0).verdict(), r.get(0).findings().size());
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Writes {"w0": array, "w1": array, ...} with 16 MiB float32 arrays until {@code target} bytes. */
  private static long write(Path file, long target) throws IOException {
    int arrayBytes = 16 << 20;
    byte[] payload = new byte[arrayBytes];
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      written += put(out, 0x80, 4, '}', 'q', 0, '(');
      int memo = 1;
      for (int i = 0; written < target; i++) {
        written += str(out, "w" + i);
        written += put(out, 'c');
        written += raw(out, "numpy.core.multiarray\n_reconstruct\n");
        written += put(out, 'c');
        written += raw(out, "numpy\nndarray\n");
        written += put(out, 'K', 0, 0x85); // (0,)
        written += put(out, 'C', 1, 'b', 0x87, 'R'); // (ndarray, (0,), b'b') REDUCE
        written += put(out, 'q', memo++ & 0xff);
        // state: (1, (n,), dtype('f4'), False, payload)
        written += put(out, '(', 'K', 1, 'J');
        written += le(out, arrayBytes / 4, 4);
        written += put(out, 0x85, 'c');
        written += raw(out, "numpy\ndtype\n");
        written += str(out, "f4");
        written += put(out, 0x89, 0x88, 0x87, 'R', 0x89, 0x8e);
        written += le(out, arrayBytes, 8);
        out.write(payload);
        written += arrayBytes;
        written += put(out, 't', 'b');
        if (i % 100 == 99) written += put(out, 'u', '(');
      }
      written += put(out, 'u', '.');
    }
    return written;
  }

  private static int put(OutputStream out, int... bytes) throws IOException {
    for (int b : bytes) out.write(b);
    return bytes.length;
  }

  private static int raw(OutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b);
    return b.length;
  }

  private static int str(OutputStream out, String s) throws IOException {
    return put(out, 0x8c, s.length()) + raw(out, s);
  }

  private static int le(OutputStream out, long v, int n) throws IOException {
    for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)) & 0xff);
    return n;
  }
}
