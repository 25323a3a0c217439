package io.modelvet.formats.torch7;

import io.modelvet.engine.ScanContext;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;

/**
 * The primitive reads of torch's {@code File} (torch/File.lua over DiskFile), in its two modes:
 * binary (little-endian int32 / int64 / double, raw chars) and ASCII ({@code torch.save(f, obj,
 * 'ascii')}: every number is a decimal token ended by white space, several elements of one write
 * are separated by spaces, chars and bytes are written raw). The object walk is the same for both.
 */
abstract class Torch7Input {
  final SourceReader in;

  Torch7Input(SourceReader in) {
    this.in = in;
  }

  long position() {
    return in.position();
  }

  abstract int readInt() throws IOException;

  abstract long readLong() throws IOException;

  /** Skips {@code n} numbers of {@code width} bytes each (doubles, longs, floats...). */
  abstract void skipNumbers(long n, int width, ScanContext ctx) throws IOException;

  /** Reads {@code n} raw chars, keeping at most {@code keep}. */
  byte[] readChars(long n, int keep) throws IOException {
    if (n < 0) throw new MalformedException("string of " + n + " bytes at " + in.position());
    int k = (int) Math.min(n, keep);
    byte[] b = in.readBytes(k, keep);
    in.skip(n - k);
    return b;
  }

  /** Binary mode: fixed-width little-endian values. */
  static final class Binary extends Torch7Input {
    Binary(SourceReader in) {
      super(in);
    }

    @Override
    int readInt() throws IOException {
      return in.readI32();
    }

    @Override
    long readLong() throws IOException {
      return in.readI64();
    }

    @Override
    void skipNumbers(long n, int width, ScanContext ctx) throws IOException {
      if (n < 0 || n > Long.MAX_VALUE / width) throw new MalformedException(n + " elements of " + width + " bytes at " + in.position());
      in.skip(n * width);
    }
  }

  /** ASCII mode: white-space separated decimal tokens (torch's DiskFile with auto-spacing). */
  static final class Ascii extends Torch7Input {
    private static final int MAX_TOKEN = 64;

    Ascii(SourceReader in) {
      super(in);
    }

    /** The next token; consumes the one white-space byte that ends it, as fscanf does. */
    private String token() throws IOException {
      int c;
      do {
        c = in.read();
        if (c < 0) throw new EOFException("end of data at " + in.position());
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
      StringBuilder b = new StringBuilder();
      while (c >= 0 && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        if (b.length() == MAX_TOKEN) throw new MalformedException("number longer than " + MAX_TOKEN + " characters at " + in.position());
        b.append((char) c);
        c = in.read();
      }
      return b.toString();
    }

    @Override
    int readInt() throws IOException {
      long v = readLong();
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new MalformedException("integer " + v + " out of range at " + in.position());
      return (int) v;
    }

    @Override
    long readLong() throws IOException {
      String t = token();
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw new MalformedException("'" + t + "' is not an integer at " + in.position());
      }
    }

    @Override
    void skipNumbers(long n, int width, ScanContext ctx) throws IOException {
      if (n < 0) throw new MalformedException(n + " elements at " + in.position());
      if (width == 1) { // chars and bytes are written raw
        in.skip(n);
        return;
      }
      if (n > in.remaining()) throw new MalformedException(n + " numbers cannot fit in the " + in.remaining() + " bytes left at " + in.position());
      for (long i = 0; i < n; i++) {
        String t = token();
        if (!t.matches("[-+0-9.eEinfatINFAT]+")) throw new MalformedException("'" + t + "' is not a number at " + in.position());
        if ((i & 0xffff) == 0xffff) ctx.checkDeadline();
      }
    }
  }
}
