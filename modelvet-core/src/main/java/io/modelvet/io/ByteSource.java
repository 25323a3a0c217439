package io.modelvet.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Random-access, read-only bytes: a file, a slice of a file (a stored archive member) or an
 * in-memory buffer (a decompressed member). Positional reads are thread-safe, so parsers can seek
 * past tensor data instead of reading it.
 */
public interface ByteSource extends Closeable {

  /** Total size in bytes. */
  long size();

  /**
   * Reads up to {@code len} bytes at {@code position} into {@code dst}. Returns the number read,
   * or -1 when {@code position >= size()}.
   */
  int read(long position, byte[] dst, int off, int len) throws IOException;

  /** Reads exactly {@code len} bytes at {@code position}, failing with EOFException if short. */
  default byte[] readFully(long position, int len) throws IOException {
    if (len < 0) throw new IllegalArgumentException("negative length");
    if (position < 0 || position > size() || size() - position < len)
      throw new EOFException("read of " + len + " bytes at " + position + " beyond end " + size());
    byte[] out = new byte[len];
    int done = 0;
    while (done < len) {
      int n = read(position + done, out, done, len - done);
      if (n < 0) throw new EOFException("unexpected end at " + (position + done));
      done += n;
    }
    return out;
  }

  /** The first {@code max} bytes (fewer if the source is smaller). */
  default byte[] head(int max) throws IOException {
    return readFully(0, (int) Math.min(max, size()));
  }

  /** A view of {@code length} bytes starting at {@code offset}; closing it does not close this. */
  default ByteSource slice(long offset, long length) {
    return new SliceByteSource(this, offset, length);
  }

  /** A sequential stream from {@code position} to the end; skipping seeks. */
  default InputStream openStream(long position) {
    return new ByteSourceInputStream(this, position);
  }

  @Override
  default void close() throws IOException {}
}
