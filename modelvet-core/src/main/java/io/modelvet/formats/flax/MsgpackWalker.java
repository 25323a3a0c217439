package io.modelvet.formats.flax;

import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;

/**
 * A bounded, event-style reader of MessagePack (the spec at msgpack.org): it walks one value and
 * tells a {@link Visitor} about strings, binary payloads and extension values, seeking over
 * everything else. Counts are checked against the bytes left (every element takes at least one
 * byte), nesting is limited, and no payload above {@code maxPayload} bytes is loaded.
 */
final class MsgpackWalker {
  static final int MAX_DEPTH = 200;

  /** What the walker reports. Paths are "/"-joined map keys and array indices. */
  interface Visitor {
    void string(String path, String value, long offset) throws IOException;

    /** An extension value; {@code payload} is null when it is larger than the payload budget. */
    void extension(String path, int type, byte[] payload, long length, long offset) throws IOException;

    default void binary(String path, long length, long offset) throws IOException {}
  }

  private final SourceReader in;
  private final long end;
  private final long maxPayload;
  private final Visitor visitor;
  private long values;
  private final long maxValues;

  MsgpackWalker(SourceReader in, long end, long maxPayload, long maxValues, Visitor visitor) {
    this.in = in;
    this.end = end;
    this.maxPayload = maxPayload;
    this.maxValues = maxValues;
    this.visitor = visitor;
  }

  /** Walks one value at the current position. */
  void value(String path, int depth) throws IOException {
    if (depth > MAX_DEPTH) throw new MalformedException("MessagePack nested deeper than " + MAX_DEPTH + " levels");
    if (++values > maxValues) throw new MalformedException("MessagePack document holds more than " + maxValues + " values");
    long at = in.position();
    int b = u8();
    if (b <= 0x7f || b >= 0xe0) return; // fixint
    if (b >= 0x80 && b <= 0x8f) {
      map(path, b & 0x0f, depth);
    } else if (b >= 0x90 && b <= 0x9f) {
      array(path, b & 0x0f, depth);
    } else if (b >= 0xa0 && b <= 0xbf) {
      visitor.string(path, text(b & 0x1f), at);
    } else {
      switch (b) {
        case 0xc0, 0xc2, 0xc3 -> {}
        case 0xc4 -> bin(path, be(1), at);
        case 0xc5 -> bin(path, be(2), at);
        case 0xc6 -> bin(path, be(4), at);
        case 0xc7 -> ext(path, be(1), at);
        case 0xc8 -> ext(path, be(2), at);
        case 0xc9 -> ext(path, be(4), at);
        case 0xca -> skip(4);
        case 0xcb -> skip(8);
        case 0xcc, 0xd0 -> skip(1);
        case 0xcd, 0xd1 -> skip(2);
        case 0xce, 0xd2 -> skip(4);
        case 0xcf, 0xd3 -> skip(8);
        case 0xd4 -> ext(path, 1, at);
        case 0xd5 -> ext(path, 2, at);
        case 0xd6 -> ext(path, 4, at);
        case 0xd7 -> ext(path, 8, at);
        case 0xd8 -> ext(path, 16, at);
        case 0xd9 -> visitor.string(path, text(be(1)), at);
        case 0xda -> visitor.string(path, text(be(2)), at);
        case 0xdb -> visitor.string(path, text(be(4)), at);
        case 0xdc -> array(path, be(2), depth);
        case 0xdd -> array(path, be(4), depth);
        case 0xde -> map(path, be(2), depth);
        case 0xdf -> map(path, be(4), depth);
        default -> throw new MalformedException("byte 0xc1 is not a MessagePack type at " + at);
      }
    }
  }

  long position() {
    return in.position();
  }

  private void map(String path, long n, int depth) throws IOException {
    fits(n * 2);
    for (long i = 0; i < n; i++) {
      long at = in.position();
      String key = key();
      if (key == null) key = "#" + i;
      else visitor.string(path + "/" + key + " (key)", key, at);
      value(path + "/" + key, depth + 1);
    }
  }

  /** A map key: strings are returned, other keys walked and named by position. */
  private String key() throws IOException {
    long at = in.position();
    int b = u8();
    if (b >= 0xa0 && b <= 0xbf) return text(b & 0x1f);
    if (b == 0xd9) return text(be(1));
    if (b == 0xda) return text(be(2));
    if (b == 0xdb) return text(be(4));
    // not a string: rewind one byte is impossible on a stream, so walk the rest of this value
    if (b <= 0x7f) return String.valueOf(b);
    throw new MalformedException("MessagePack map key of type 0x" + Integer.toHexString(b) + " at " + at);
  }

  private void array(String path, long n, int depth) throws IOException {
    fits(n);
    for (long i = 0; i < n; i++) value(path + "/" + i, depth + 1);
  }

  private void bin(String path, long n, long at) throws IOException {
    fits(n);
    visitor.binary(path, n, at);
    skip(n);
  }

  private void ext(String path, long n, long at) throws IOException {
    int type = (byte) u8();
    fits(n);
    byte[] payload = n <= maxPayload ? in.readBytes(n, maxPayload) : null;
    if (payload == null) skip(n);
    visitor.extension(path, type, payload, n, at);
  }

  private String text(long n) throws IOException {
    fits(n);
    if (n > maxPayload) {
      skip(n);
      return "";
    }
    return in.readUtf8(n, maxPayload);
  }

  private void fits(long n) throws IOException {
    if (n < 0 || n > end - in.position()) throw new MalformedException("MessagePack length " + n + " runs past the end at " + in.position());
  }

  private void skip(long n) throws IOException {
    fits(n);
    in.skip(n);
  }

  private int u8() throws IOException {
    if (in.position() >= end) throw new EOFException("MessagePack ends early at " + in.position());
    return in.readU8();
  }

  private long be(int bytes) throws IOException {
    long v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | u8();
    return v;
  }
}
