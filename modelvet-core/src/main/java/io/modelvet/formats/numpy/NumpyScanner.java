package io.modelvet.formats.numpy;

import io.modelvet.formats.common.numpy.NpyHeader;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.util.Set;

/**
 * NumPy {@code .npy} arrays. The header is a Python dict literal, parsed without evaluation. An
 * object dtype means the data section is a pickle (loaded by {@code np.load(allow_pickle=True)}),
 * handed to the pickle scanner as member {@code array.pkl}. For plain arrays the data size must
 * match shape × item size; bytes after the array are scanned as a member of their own.
 */
public final class NumpyScanner implements Scanner {
  @Override
  public String format() {
    return "numpy";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("npy");
  }

  @Override
  public int sniff(Head head) {
    return NpyHeader.hasMagic(head.bytes()) ? 100 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    ByteSource src = ctx.source();
    byte[] head = ctx.head().bytes();
    long needed = headerEnd(head);
    if (head.length < src.size() && head.length < needed)
      head = src.readFully(0, (int) Math.min(src.size(), needed)); // only the header, never the array data
    NpyHeader h = NpyHeader.parse(head);
    long dataBytes = src.size() - h.dataOffset();
    if (h.hasObjects()) {
      reportObjects(ctx, h);
      if (dataBytes > 0) ctx.scanMember("array.pkl", src.slice(h.dataOffset(), dataBytes));
      return;
    }
    long expected = h.expectedDataBytes();
    if (expected < 0) return;
    h.reportSizeMismatch(ctx, dataBytes, "");
    if (dataBytes > expected) ctx.scanMember("trailing-data", src.slice(h.dataOffset() + expected, dataBytes - expected));
  }

  /** Reports an object dtype: loading it needs allow_pickle=True and runs the pickle. */
  public static void reportObjects(ScanContext ctx, NpyHeader h) {
    ctx.report("numpy.object-array", h.dataOffset(),
        "The array has an object dtype (" + h.descr() + "): its data is a pickle, which np.load(allow_pickle=True) executes. The embedded pickle is analysed separately.",
        "descr=" + h.descr());
  }

  /**
   * Where the header ends according to its own length field (v1: u16 at 8, v2/v3: u32 at 8),
   * capped at {@link NpyHeader#MAX_HEADER}; the parser then checks the header itself.
   */
  private static long headerEnd(byte[] head) {
    if (head.length < 12) return head.length;
    int major = head[6] & 0xff;
    long len = major == 1
        ? (head[8] & 0xff) | (head[9] & 0xff) << 8
        : (head[8] & 0xffL) | (head[9] & 0xffL) << 8 | (head[10] & 0xffL) << 16 | (head[11] & 0xffL) << 24;
    int prefix = major == 1 ? 10 : 12;
    return Math.min(prefix + len, 12L + NpyHeader.MAX_HEADER);
  }
}
