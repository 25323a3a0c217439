package io.modelvet.formats.keras;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, so jHDF can read an HDF5 file
 * on disk or an archive member in place: nothing is extracted and only the bytes jHDF asks for
 * (superblock, object headers, attributes) are read. Every read checks the file's time budget and
 * counts against a cap on metadata bytes, so a hostile structure that makes the HDF5 reader loop
 * or re-read endlessly is stopped.
 */
final class ByteSourceChannel implements SeekableByteChannel {
  private final ByteSource source;
  private final ScanContext ctx;
  private final long maxBytesRead;
  private long position;
  private long bytesRead;
  private boolean open = true;

  ByteSourceChannel(ScanContext ctx, long maxBytesRead) {
    this.ctx = ctx;
    this.source = ctx.source();
    this.maxBytesRead = maxBytesRead;
  }

  /** Fills {@code dst} as far as the source allows (jHDF expects whole reads). */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    ctx.checkDeadline();
    if (position >= source.size()) return -1;
    int want = (int) Math.min(dst.remaining(), source.size() - position);
    bytesRead += want;
    if (bytesRead > maxBytesRead)
      throw new BudgetExceededException("HDF5 metadata reads passed " + maxBytesRead + " bytes; the structure looks hostile");
    byte[] buf = new byte[Math.min(want, 1 << 16)];
    int total = 0;
    while (total < want) {
      int n = source.read(position, buf, 0, Math.min(buf.length, want - total));
      if (n <= 0) break;
      dst.put(buf, 0, n);
      position += n;
      total += n;
    }
    return total == 0 && want > 0 ? -1 : total;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) throw new IllegalArgumentException("negative position");
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false; // the engine owns and closes the source
  }
}
