package io.modelvet.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sequential stream over a {@link ByteSource}; {@link #skip} moves the position without reading.
 * A read takes at most {@link #MAX_READ} bytes from the source whatever buffer the consumer passes
 * (decoders such as zstd ask for 128 KB at a time), so no single read of the source grows with a
 * consumer's buffer.
 */
final class ByteSourceInputStream extends InputStream {
  static final int MAX_READ = 1 << 16;

  private final ByteSource source;
  private long pos;

  ByteSourceInputStream(ByteSource source, long start) {
    this.source = source;
    this.pos = start;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    int n = source.read(pos, b, off, Math.min(len, MAX_READ));
    if (n > 0) pos += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long step = Math.max(0, Math.min(n, source.size() - pos));
    pos += step;
    return step;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, source.size() - pos));
  }
}
