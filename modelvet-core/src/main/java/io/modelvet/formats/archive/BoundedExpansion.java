package io.modelvet.formats.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads decompressed members into memory without exceeding the in-memory budget. The expansion
 * budgets (total bytes, ratio) are enforced by {@link GuardedStream}, which the input should be.
 */
public final class BoundedExpansion {
  /** Ratios are only judged past this much output: small, very regular files compress well too. */
  static final long RATIO_FLOOR = 1L << 20;

  private BoundedExpansion() {}

  /** The member decompressed to more bytes than may be held in memory. */
  public static final class TooLargeException extends IOException {
    public TooLargeException(String message) {
      super(message);
    }
  }

  /** The member expands far more than real data does: a decompression bomb. */
  public static final class BombException extends IOException {
    private final long produced;
    private final long consumed;

    public BombException(String message, long produced, long consumed) {
      super(message);
      this.produced = produced;
      this.consumed = consumed;
    }

    public long produced() {
      return produced;
    }

    public long consumed() {
      return consumed;
    }
  }

  /**
   * Reads the rest of {@code in}; fails with {@link TooLargeException} once the member, counting
   * the {@code alreadyRead} bytes taken before, exceeds {@code limit}.
   */
  public static byte[] readAll(InputStream in, long limit, long alreadyRead, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = alreadyRead;
    while (true) {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) break;
      total += n;
      if (total > limit)
        throw new TooLargeException(name + " decompresses to more than " + limit + " bytes, the most analysed in memory");
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads at most {@code max} bytes from {@code in} (fewer at its end). */
  public static byte[] readHead(InputStream in, int max) throws IOException {
    byte[] buf = new byte[max];
    int done = 0;
    while (done < max) {
      int n = in.read(buf, done, max - done);
      if (n < 0) break;
      done += n;
    }
    return done == max ? buf : Arrays.copyOf(buf, done);
  }

  /** {@code a} followed by {@code b}. */
  static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) return b;
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
