package io.modelvet.formats.archive;

import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, for libraries that want a
 * channel (commons-compress {@code SevenZFile}). Closing the channel does not close the source.
 */
public final class ByteSourceChannel implements SeekableByteChannel {
  private final ByteSource source;
  private long position;
  private boolean open = true;

  public ByteSourceChannel(ByteSource source) {
    this.source = source;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= source.size()) return -1;
    int want = (int) Math.min(dst.remaining(), source.size() - position);
    if (want == 0) return 0;
    byte[] tmp = new byte[Math.min(want, 1 << 16)];
    int n = source.read(position, tmp, 0, tmp.length);
    if (n <= 0) return -1;
    dst.put(tmp, 0, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) throw new IllegalArgumentException("negative position");
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
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
    open = false;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) throw new ClosedChannelException();
  }
}
