package io.modelvet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, so libraries that want a
 * channel (commons-compress 7z, jHDF) read a file or an archive member in place: nothing is
 * extracted and only the bytes they ask for are read. An optional {@link ReadGuard} runs before
 * every read, e.g. to enforce a time budget or a cap on bytes read from a hostile structure.
 * Closing the channel does not close the source (the engine owns it).
 */
public final class ByteSourceChannel implements SeekableByteChannel {
  /**
   * Checked before each read with the bytes the reader asked for (the room left in its buffer,
   * which it allocated: a lying length field costs memory even where the file ends); throws to stop
   * the reader.
   */
  @FunctionalInterface
  public interface ReadGuard {
    void beforeRead(int bytes) throws IOException;
  }

  private final ByteSource source;
  private final ReadGuard guard;
  private long position;
  private boolean open = true;

  public ByteSourceChannel(ByteSource source) {
    this(source, bytes -> {});
  }

  public ByteSourceChannel(ByteSource source, ReadGuard guard) {
    this.source = source;
    this.guard = guard;
  }

  /** Fills {@code dst} as far as the source allows (some readers expect whole reads). */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) throw new ClosedChannelException();
    if (position >= source.size()) return -1;
    if (dst.remaining() == 0) return 0;
    guard.beforeRead(dst.remaining());
    int want = (int) Math.min(dst.remaining(), source.size() - position);
    // straight into a heap buffer's array; through a bounded copy buffer otherwise
    byte[] buf = dst.hasArray() ? dst.array() : new byte[Math.min(want, 1 << 16)];
    int total = 0;
    while (total < want) {
      int n;
      if (dst.hasArray()) {
        n = source.read(position, buf, dst.arrayOffset() + dst.position(), want - total);
        if (n > 0) dst.position(dst.position() + n);
      } else {
        n = source.read(position, buf, 0, Math.min(buf.length, want - total));
        if (n > 0) dst.put(buf, 0, n);
      }
      if (n <= 0) break;
      position += n;
      total += n;
    }
    return total == 0 ? -1 : total;
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
    open = false;
  }
}
