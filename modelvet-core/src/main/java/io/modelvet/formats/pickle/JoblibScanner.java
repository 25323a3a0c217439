package io.modelvet.formats.pickle;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * joblib dumps: an uncompressed joblib file is a pickle with NumPy arrays written raw after
 * {@code NumpyArrayWrapper} objects (handled by the {@link PickleMachine} through {@link
 * JoblibArrays}); a compressed one is that stream inside zlib (joblib's default {@code compress=N})
 * or inside the old {@code ZF} container. gzip/bz2/xz/lz4 wrappers are opened by the container
 * scanners and come back here by content.
 */
public final class JoblibScanner implements Scanner {
  private static final byte[] ZF = "ZF".getBytes(StandardCharsets.ISO_8859_1);

  @Override
  public String format() {
    return "joblib";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("joblib", "jbl", "z", "pkl", "sav");
  }

  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniffCeiling() {
    return 93;
  }

  @Override
  public int sniff(Head head) {
    if (head.u8(0) == 0x80 && head.u8(1) >= 2 && head.u8(1) <= 5 && head.latin1().contains("NumpyArrayWrapper")) return 93;
    int z = zlibStart(head);
    if (z < 0) return 0;
    byte[] start = inflateHead(head.bytes(), z);
    return start != null && start.length >= 2 && (start[0] & 0xff) == 0x80 && start[1] >= 2 && start[1] <= 5 ? 85 : 0;
  }

  /** Offset of the zlib stream: 0 for joblib's zlib files, after the header for old "ZF" files. */
  private static int zlibStart(Head head) {
    if (isZlib(head, 0)) return 0;
    if (head.startsWith(0, ZF)) for (int i = 2; i < Math.min(40, head.length() - 1); i++) if (isZlib(head, i)) return i;
    return -1;
  }

  private static boolean isZlib(Head head, int i) {
    int cmf = head.u8(i);
    int flg = head.u8(i + 1);
    return cmf == 0x78 && flg >= 0 && ((cmf << 8) | flg) % 31 == 0;
  }

  private static byte[] inflateHead(byte[] data, int from) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(data, from, data.length - from);
      byte[] out = new byte[64];
      int n = inf.inflate(out);
      return java.util.Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      return null;
    } finally {
      inf.end();
    }
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    int z = zlibStart(ctx.head());
    if (ctx.head().u8(0) == 0x80 || z < 0) {
      PickleScanner.scanStreams(ctx, ctx.source(), false);
      return;
    }
    ctx.setFormat("joblib-zlib");
    try (InputStream in = new BudgetedInflaterStream(ctx, ctx.source().openStream(z))) {
      PickleScanner.scanSequential(ctx, SourceReader.of(in));
    }
  }
}
