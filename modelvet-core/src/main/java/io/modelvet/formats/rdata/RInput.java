package io.modelvet.formats.rdata;

import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The primitive reads of R's serialization formats: XDR (big-endian binary, {@code X\n}), native
 * binary ({@code B\n}, little-endian as written on x86 and ARM) and ASCII ({@code A\n}, one
 * decimal word per number, escaped strings). Vectors are skipped rather than stored; strings
 * are kept only up to {@link #KEPT_CHARS} characters, the rest is skipped.
 */
abstract class RInput {
  /** Characters of a string kept for names and evidence; longer strings are skipped past it. */
  static final int KEPT_CHARS = 4096;

  protected final SourceReader in;

  RInput(SourceReader in) {
    this.in = in;
  }

  static RInput of(char format, SourceReader in) throws MalformedException {
    return switch (format) {
      case 'X' -> new Binary(in, true);
      case 'B' -> new Binary(in, false);
      case 'A' -> new Ascii(in);
      default -> throw new MalformedException("unknown R serialization format '" + format + "'");
    };
  }

  long position() {
    return in.position();
  }

  abstract int readInt() throws IOException;

  /** Skips {@code n} numbers of {@code width} bytes each in the binary forms (words in ASCII). */
  abstract void skipNumbers(long n, int width) throws IOException;

  /** Skips {@code n} raw bytes (hex words in ASCII). */
  abstract void skipRaw(long n) throws IOException;

  /** Reads a string of {@code length} bytes, keeping at most {@link #KEPT_CHARS}. */
  abstract String readString(long length) throws IOException;

  /** A vector length: an int, or -1 followed by two ints for long vectors. */
  long readLength() throws IOException {
    int n = readInt();
    if (n >= 0) return n;
    if (n != -1) throw new MalformedException("negative vector length " + n + " at " + position());
    long hi = readInt() & 0xffffffffL;
    long lo = readInt() & 0xffffffffL;
    long len = hi << 32 | lo;
    if (len < 0) throw new MalformedException("vector length out of range at " + position());
    return len;
  }

  private static final class Binary extends RInput {
    private final boolean bigEndian;

    Binary(SourceReader in, boolean bigEndian) {
      super(in);
      this.bigEndian = bigEndian;
    }

    @Override
    int readInt() throws IOException {
      int v = in.readI32();
      return bigEndian ? Integer.reverseBytes(v) : v;
    }

    @Override
    void skipNumbers(long n, int width) throws IOException {
      if (n > Long.MAX_VALUE / width) throw new MalformedException("vector of " + n + " elements is impossibly large");
      in.skip(n * width);
    }

    @Override
    void skipRaw(long n) throws IOException {
      in.skip(n);
    }

    @Override
    String readString(long length) throws IOException {
      int keep = (int) Math.min(length, KEPT_CHARS);
      String s = new String(in.readBytes(keep, KEPT_CHARS), StandardCharsets.UTF_8);
      in.skip(length - keep);
      return s;
    }
  }

  /** R's ASCII form: numbers are whitespace-separated words, strings use C escapes. */
  private static final class Ascii extends RInput {
    private static final int MAX_WORD = 1000;

    Ascii(SourceReader in) {
      super(in);
    }

    private String word() throws IOException {
      int c;
      do {
        c = in.readU8();
      } while (Character.isWhitespace(c));
      StringBuilder sb = new StringBuilder();
      while (true) {
        sb.append((char) c);
        if (sb.length() > MAX_WORD) throw new MalformedException("ASCII word longer than " + MAX_WORD + " characters at " + position());
        if (in.atEnd()) return sb.toString();
        c = in.readU8();
        if (Character.isWhitespace(c)) return sb.toString();
      }
    }

    @Override
    int readInt() throws IOException {
      String w = word();
      if (w.equals("NA")) return Integer.MIN_VALUE;
      try {
        return Integer.parseInt(w);
      } catch (NumberFormatException e) {
        throw new MalformedException("expected an integer, found '" + w + "' at " + position());
      }
    }

    @Override
    void skipNumbers(long n, int width) throws IOException {
      long words = width == 16 ? 2 * n : n; // a complex number is two doubles
      for (long i = 0; i < words; i++) word();
    }

    @Override
    void skipRaw(long n) throws IOException {
      for (long i = 0; i < n; i++) word();
    }

    @Override
    String readString(long length) throws IOException {
      StringBuilder sb = new StringBuilder();
      if (length == 0) return "";
      int c;
      do {
        c = in.readU8();
      } while (Character.isWhitespace(c));
      for (long i = 0; i < length; i++) {
        if (i > 0) c = in.readU8();
        if (c == '\\') c = escape();
        if (sb.length() < KEPT_CHARS) sb.append((char) c);
      }
      return sb.toString();
    }

    private int escape() throws IOException {
      int c = in.readU8();
      switch (c) {
        case 'n': return '\n';
        case 't': return '\t';
        case 'v': return 0x0b;
        case 'b': return '\b';
        case 'r': return '\r';
        case 'f': return '\f';
        case 'a': return 0x07;
        case '0', '1', '2', '3', '4', '5', '6', '7': {
          int v = c - '0';
          for (int k = 0; k < 2; k++) {
            int d = in.readU8();
            if (d < '0' || d > '7') throw new MalformedException("bad octal escape at " + position());
            v = v * 8 + (d - '0');
          }
          return v & 0xff;
        }
        default: return c; // \\ \? \' \"
      }
    }
  }
}
