package io.modelvet.formats.numpy;

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
    if (head.length < src.size() && head.length < 12 + NpyHeader.MAX_HEADER)
      head = src.readFully(0, (int) Math.min(src.size(), 12 + NpyHeader.MAX_HEADER));
    NpyHeader h = NpyHeader.parse(head);
    long dataBytes = src.size() - h.dataOffset();
    if (h.hasObjects()) {
      reportObjects(ctx, h);
      if (dataBytes > 0) ctx.scanMember("array.pkl", src.slice(h.dataOffset(), dataBytes));
      return;
    }
    long expected = h.expectedDataBytes();
    if (expected < 0) return;
    checkSize(ctx, h, dataBytes, "");
    if (dataBytes > expected) ctx.scanMember("trailing-data", src.slice(h.dataOffset() + expected, dataBytes - expected));
  }

  /** Reports an object dtype: loading it needs allow_pickle=True and runs the pickle. */
  public static void reportObjects(ScanContext ctx, NpyHeader h) {
    ctx.report("numpy.object-array", h.dataOffset(),
        "The array has an object dtype (" + h.descr() + "): its data is a pickle, which np.load(allow_pickle=True) executes. The embedded pickle is analysed separately.",
        "descr=" + h.descr());
  }

  /**
   * Compares the data bytes present with what the header announces and reports a mismatch.
   * {@code where} prefixes the message for members of an archive ("" for a file).
   */
  public static void checkSize(ScanContext ctx, NpyHeader h, long dataBytes, String where) {
    long expected = h.expectedDataBytes();
    if (expected < 0 || dataBytes == expected) return;
    String what = dataBytes < expected
        ? "is truncated: the header announces " + expected + " data bytes but only " + dataBytes + " are present"
        : "has " + (dataBytes - expected) + " bytes after the array data that NumPy never reads; they could carry a hidden payload";
    ctx.report("numpy.size-mismatch", h.dataOffset(), where + "The array " + what + ".",
        "descr=" + h.descr() + " shape=" + h.shape() + " data bytes=" + dataBytes);
  }
}
