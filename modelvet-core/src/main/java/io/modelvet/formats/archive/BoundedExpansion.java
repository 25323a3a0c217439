package io.modelvet.formats.archive;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Decompresses into memory under the scan budgets: every byte is charged to the file's expansion
 * budget, the output is capped at {@code maxInMemoryMember}, and a member whose output outgrows
 * its compressed input by more than {@code maxExpansionRatio} is stopped as a bomb.
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
   * Reads {@code in} to the end or to {@code limit} bytes (then fails with {@link
   * TooLargeException}). {@code compressedSoFar} tells how many compressed bytes were used.
   */
  public static byte[] readAll(ScanContext ctx, InputStream in, LongSupplier compressedSoFar, long limit, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    while (true) {
      int want = (int) Math.min(buf.length, limit - total + 1);
      int n = in.read(buf, 0, Math.max(1, want));
      if (n < 0) break;
      total += n;
      charge(ctx, n, total, compressedSoFar, name);
      if (total > limit)
        throw new TooLargeException(name + " decompresses to more than " + limit + " bytes, the most analysed in memory");
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads at most {@code max} bytes from {@code in} (fewer at its end), charging them. */
  public static byte[] readHead(ScanContext ctx, InputStream in, LongSupplier compressedSoFar, int max, String name) throws IOException {
    byte[] buf = new byte[max];
    int done = 0;
    while (done < max) {
      int n = in.read(buf, done, max - done);
      if (n < 0) break;
      done += n;
      charge(ctx, n, done, compressedSoFar, name);
    }
    return done == max ? buf : java.util.Arrays.copyOf(buf, done);
  }

  /** Reads and discards the rest of {@code in}, charging and ratio-checking it (for tar streams). */
  public static long drain(ScanContext ctx, InputStream in, LongSupplier compressedSoFar, long alreadyProduced, String name) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = alreadyProduced;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      charge(ctx, n, total, compressedSoFar, name);
    }
    return total;
  }

  private static void charge(ScanContext ctx, int n, long total, LongSupplier compressedSoFar, String name) throws IOException {
    ctx.chargeExpanded(n);
    if (total > RATIO_FLOOR) {
      long consumed = Math.max(1, compressedSoFar.getAsLong());
      long ratio = ctx.budgets().maxExpansionRatio();
      if (total / consumed > ratio)
        throw new BombException(name + " expanded " + total + " bytes from " + consumed + " compressed bytes (ratio over " + ratio + ")", total, consumed);
    }
    if ((total & 0xfffff) < n) checkDeadline(ctx);
  }

  private static void checkDeadline(ScanContext ctx) throws BudgetExceededException {
    ctx.checkDeadline();
  }
}
