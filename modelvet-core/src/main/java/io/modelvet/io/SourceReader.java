package io.modelvet.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered little-endian reader over a {@link ByteSource} or an {@link InputStream}, with a
 * position, cheap {@link #skip} (a seek on a source) and bounded reads: {@link #readBytes} refuses
 * lengths above a caller-given limit so hostile length fields cannot allocate gigabytes.
 */
public final class SourceReader {
  private static final int BUF = 1 << 16;

  private final ByteSource source; // null when reading a stream
  private final InputStream stream; // null when reading a source
  private final long end;
  private final byte[] buf; // at most BUF; no larger than a source's bytes (most model files are small)
  private int bufPos;
  private int bufLen;
  private long bufStart; // absolute position of buf[0]

  private SourceReader(ByteSource source, InputStream stream, long start, long end) {
    this.source = source;
    this.stream = stream;
    this.bufStart = start;
    this.end = end;
    this.buf = new byte[(int) Math.max(16, Math.min(BUF, end - start))];
  }

  public static SourceReader of(ByteSource source) {
    return new SourceReader(source, null, 0, source.size());
  }

  public static SourceReader of(ByteSource source, long start) {
    return new SourceReader(source, null, start, source.size());
  }

  /** A reader over a stream of unknown length; {@link #skip} reads and discards. */
  public static SourceReader of(InputStream in) {
    return new SourceReader(null, in, 0, Long.MAX_VALUE);
  }

  /** Current absolute position. */
  public long position() {
    return bufStart + bufPos;
  }

  /** Bytes left, or Long.MAX_VALUE - position for streams of unknown length. */
  public long remaining() {
    return end - position();
  }

  private boolean fill() throws IOException {
    bufStart += bufPos;
    int keep = bufLen - bufPos;
    if (keep > 0) System.arraycopy(buf, bufPos, buf, 0, keep);
    bufPos = 0;
    bufLen = keep;
    int n;
    if (source != null) {
      n = source.read(bufStart + bufLen, buf, bufLen, buf.length - bufLen);
    } else {
      n = stream.read(buf, bufLen, buf.length - bufLen);
    }
    if (n <= 0) return bufLen > 0;
    bufLen += n;
    return true;
  }

  /** True when no byte is left. */
  public boolean atEnd() throws IOException {
    return bufPos >= bufLen && !fill();
  }

  /** Next byte 0..255, or -1 at the end. */
  public int read() throws IOException {
    if (bufPos >= bufLen && !fill()) return -1;
    if (bufPos >= bufLen) return -1;
    return buf[bufPos++] & 0xff;
  }

  public int readU8() throws IOException {
    int b = read();
    if (b < 0) throw new EOFException("end of data at " + position());
    return b;
  }

  public int readU16() throws IOException {
    return readU8() | (readU8() << 8);
  }

  public int readI32() throws IOException {
    return readU8() | (readU8() << 8) | (readU8() << 16) | (readU8() << 24);
  }

  public long readU32() throws IOException {
    return readI32() & 0xffffffffL;
  }

  public long readI64() throws IOException {
    return readU32() | (readU32() << 32);
  }

  /** Reads {@code n} bytes; fails if {@code n > limit} without allocating. */
  public byte[] readBytes(long n, long limit) throws IOException {
    if (n < 0) throw new MalformedException("negative length " + n + " at " + position());
    if (n > limit)
      throw new MalformedException("length " + n + " exceeds the limit of " + limit + " at " + position());
    if (n > remaining()) throw new EOFException("length " + n + " runs past the end at " + position());
    byte[] out = new byte[(int) n];
    int done = 0;
    while (done < n) {
      if (bufPos >= bufLen && !fill()) throw new EOFException("end of data at " + position());
      int step = Math.min((int) n - done, bufLen - bufPos);
      System.arraycopy(buf, bufPos, out, done, step);
      bufPos += step;
      done += step;
    }
    return out;
  }

  public String readUtf8(long n, long limit) throws IOException {
    return new String(readBytes(n, limit), StandardCharsets.UTF_8);
  }

  /**
   * Skips {@code n} bytes: a seek on a source, a read-and-discard on a stream. Fails with
   * EOFException if fewer remain.
   */
  public void skip(long n) throws IOException {
    if (n < 0) throw new MalformedException("negative skip " + n);
    long inBuf = bufLen - bufPos;
    if (n <= inBuf) {
      bufPos += (int) n;
      return;
    }
    if (source != null) {
      long target = position() + n;
      if (target > end) throw new EOFException("skip of " + n + " runs past the end at " + position());
      bufStart = target;
      bufPos = 0;
      bufLen = 0;
      return;
    }
    n -= inBuf;
    bufStart += bufLen;
    bufPos = 0;
    bufLen = 0;
    while (n > 0) {
      int got = stream.read(buf, 0, (int) Math.min(buf.length, n));
      if (got <= 0) throw new EOFException("skip runs past the end at " + bufStart);
      n -= got;
      bufStart += got;
    }
  }

  /**
   * Reads up to and including the next {@code '\n'}, at most {@code limit} bytes; returns the line
   * without the newline.
   */
  public byte[] readLine(int limit) throws IOException {
    byte[] out = null; // the parts of a line that spans buffer refills
    int outLen = 0;
    while (true) {
      if (bufPos >= bufLen && !fill()) throw new EOFException("line not terminated at " + position());
      int nl = bufPos;
      while (nl < bufLen && buf[nl] != '\n') nl++;
      int part = nl - bufPos;
      if ((long) outLen + part > limit)
        throw new MalformedException("line longer than " + limit + " bytes at " + (position() + limit - outLen));
      if (nl < bufLen && out == null) { // the common case: the whole line is in the buffer
        byte[] line = java.util.Arrays.copyOfRange(buf, bufPos, nl);
        bufPos = nl + 1;
        return line;
      }
      if (out == null) out = new byte[Math.min(limit, Math.max(64, part * 2))];
      if (outLen + part > out.length) out = java.util.Arrays.copyOf(out, (int) Math.min(limit, Math.max((long) out.length * 2, (long) outLen + part)));
      System.arraycopy(buf, bufPos, out, outLen, part);
      outLen += part;
      bufPos = nl;
      if (nl < bufLen) {
        bufPos++;
        return java.util.Arrays.copyOf(out, outLen);
      }
    }
  }

}
