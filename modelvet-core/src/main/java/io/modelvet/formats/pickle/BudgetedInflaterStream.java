package io.modelvet.formats.pickle;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.InflaterInputStream;

/**
 * A zlib inflating stream that charges every inflated byte to the file's expansion budget and
 * stops at the per-member expansion ratio, so a decompression bomb ends as an inconclusive scan
 * instead of exhausting time or memory. Nothing is buffered beyond the inflater's window.
 */
final class BudgetedInflaterStream extends FilterInputStream {
  private final ScanContext ctx;
  private final long limit;
  private long produced;

  BudgetedInflaterStream(ScanContext ctx, InputStream compressed) {
    super(new InflaterInputStream(compressed));
    this.ctx = ctx;
    this.limit = Math.max(1, ctx.source().size()) * ctx.budgets().maxExpansionRatio();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (java.io.EOFException e) {
      return -1; // a cut-off zlib stream: the pickle machine reports the truncation
    }
    if (n > 0) {
      produced += n;
      if (produced > limit) throw new BudgetExceededException("joblib stream inflates more than " + ctx.budgets().maxExpansionRatio() + " times its size");
      ctx.chargeExpanded(n);
      ctx.checkDeadline();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    return Math.max(0, read(buf, 0, buf.length));
  }
}
