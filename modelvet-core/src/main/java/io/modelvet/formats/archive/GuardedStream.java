package io.modelvet.formats.archive;

import io.modelvet.engine.ScanContext;
import io.modelvet.io.MalformedException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Decompressed output on its way to a parser: every byte is charged to the file's expansion
 * budget, and output that outgrows the compressed input by more than the ratio budget (past a
 * floor of 1 MiB) stops with {@link BoundedExpansion.BombException}.
 */
final class GuardedStream extends FilterInputStream {
  private final ScanContext ctx;
  private final LongSupplier compressed;
  private final String name;
  private long produced;

  GuardedStream(InputStream decompressed, LongSupplier compressed, ScanContext ctx, String name) {
    super(decompressed);
    this.ctx = ctx;
    this.compressed = compressed;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (RuntimeException decoderBug) {
      // Decoders are not all hardened against hostile input; their crash is a malformed stream.
      throw new MalformedException(name + ": corrupt compressed data (" + decoderBug + ")");
    }
    if (n > 0) account(n);
    return n;
  }

  /** Skipping decompresses too, so it is read and charged like any other output. */
  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(1 << 16, Math.max(1, n))];
    long done = 0;
    while (done < n) {
      int got = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (got <= 0) break;
      done += got;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void account(int n) throws IOException {
    long before = produced;
    produced += n;
    ctx.chargeExpanded(n);
    if (produced > BoundedExpansion.RATIO_FLOOR) {
      long consumed = Math.max(1, compressed.getAsLong());
      long ratio = ctx.budgets().maxExpansionRatio();
      if (produced / consumed > ratio)
        throw new BoundedExpansion.BombException(name + " expanded " + produced + " bytes from " + consumed + " compressed bytes (ratio over " + ratio + ")", produced, consumed);
    }
    if ((before >>> 20) != (produced >>> 20)) ctx.checkDeadline();
  }
}
