package io.modelvet.formats.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * A bounded reader of Universal Binary JSON (UBJSON draft 12, big-endian, optimized containers
 * with {@code $type} and {@code #count}), as written by XGBoost's {@code save_model("*.ubj")} and
 * inside pickled XGBoost boosters. It builds a Jackson tree so that UBJSON and JSON documents are
 * checked by the same code. Every count is checked against the bytes left before anything is
 * allocated, nesting is limited, and the number of values is capped.
 */
public final class Ubjson {
  /** Deepest nesting accepted (XGBoost models nest about ten levels). */
  public static final int MAX_DEPTH = 200;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final SourceReader in;
  private final long end;
  private final long maxValues;
  private long values;
  private int ahead = -1;

  private final long maxString;

  private Ubjson(SourceReader in, long end, long maxValues, long maxString) {
    this.in = in;
    this.maxString = maxString;
    this.end = end;
    this.maxValues = maxValues;
  }

  /**
   * Reads one value spanning exactly {@code [start, end)} of {@code source}; fails with
   * {@link MalformedException} on malformed input, trailing bytes or more than {@code maxValues}
   * values, or a string longer than {@code maxString} bytes.
   */
  public static JsonNode read(ByteSource source, long start, long end, long maxValues, long maxString) throws IOException {
    Ubjson r = new Ubjson(SourceReader.of(source, start), end, maxValues, maxString);
    JsonNode root;
    try {
      root = r.value(r.marker(), 0);
    } catch (EOFException e) {
      throw new MalformedException("UBJSON document ends early at " + r.position());
    }
    if (r.position() != end) throw new MalformedException("data after the UBJSON document at " + r.in.position());
    return root;
  }

  /** True when {@code data} is exactly one well-formed UBJSON object, nothing before or after. */
  public static boolean isObjectDocument(byte[] data, long maxValues) {
    if (data.length < 2 || data[0] != '{') return false;
    try {
      return read(new ArrayByteSource(data), 0, data.length, maxValues, data.length).isObject();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** True when the bytes at {@code b[0..]} start a UBJSON object whose first key is one of {@code keys}. */
  public static boolean startsObjectWithKey(byte[] b, String... keys) {
    if (b.length < 3 || b[0] != '{') return false;
    int p = 1;
    int type = b[p++] & 0xff;
    int width = switch (type) {
      case 'i', 'U' -> 1;
      case 'I' -> 2;
      case 'l' -> 4;
      case 'L' -> 8;
      default -> -1;
    };
    if (width < 0 || p + width > b.length) return false;
    long len = 0;
    for (int k = 0; k < width; k++) len = len << 8 | (b[p + k] & 0xff);
    p += width;
    if (len <= 0 || len > 64 || p + len > b.length) return false;
    String key = new String(b, p, (int) len, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String k : keys) if (k.equals(key)) return true;
    return false;
  }

  private int marker() throws IOException {
    int m;
    do {
      m = next();
    } while (m == 'N');
    return m;
  }

  private void count() throws MalformedException {
    if (++values > maxValues) throw new MalformedException("UBJSON document holds more than " + maxValues + " values");
  }

  private JsonNode value(int type, int depth) throws IOException {
    count();
    return switch (type) {
      case 'Z' -> NODES.nullNode();
      case 'T' -> NODES.booleanNode(true);
      case 'F' -> NODES.booleanNode(false);
      case 'i' -> NODES.numberNode((byte) bigEndian(1));
      case 'U' -> NODES.numberNode((int) bigEndian(1));
      case 'I' -> NODES.numberNode((short) bigEndian(2));
      case 'l' -> NODES.numberNode((int) bigEndian(4));
      case 'L' -> NODES.numberNode(bigEndian(8));
      case 'd' -> NODES.numberNode(Float.intBitsToFloat((int) bigEndian(4)));
      case 'D' -> NODES.numberNode(Double.longBitsToDouble(bigEndian(8)));
      case 'C' -> NODES.textNode(String.valueOf((char) bigEndian(1)));
      case 'S' -> NODES.textNode(string());
      case 'H' -> highPrecision();
      case '[' -> array(depth + 1);
      case '{' -> object(depth + 1);
      default -> throw new MalformedException("unknown UBJSON type marker 0x" + Integer.toHexString(type) + " at " + (in.position() - 1));
    };
  }

  private JsonNode highPrecision() throws IOException {
    String s = string();
    try {
      return NODES.numberNode(new BigDecimal(s));
    } catch (NumberFormatException e) {
      throw new MalformedException("invalid high-precision number at " + in.position());
    }
  }

  private long bigEndian(int bytes) throws IOException {
    if (end - position() < bytes) throw new EOFException();
    long v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | next();
    return v;
  }

  /** A length: an integer value of any integer type, never negative. */
  private long length() throws IOException {
    int t = marker();
    long n = switch (t) {
      case 'i' -> (byte) bigEndian(1);
      case 'U' -> bigEndian(1);
      case 'I' -> (short) bigEndian(2);
      case 'l' -> (int) bigEndian(4);
      case 'L' -> bigEndian(8);
      default -> throw new MalformedException("UBJSON length has non-integer type 0x" + Integer.toHexString(t) + " at " + (in.position() - 1));
    };
    if (n < 0) throw new MalformedException("negative UBJSON length " + n + " at " + in.position());
    return n;
  }

  private String string() throws IOException {
    long n = length();
    if (ahead >= 0) throw new IllegalStateException("look-ahead pending before string bytes");
    if (n > end - in.position()) throw new MalformedException("UBJSON string of " + n + " bytes runs past the end at " + in.position());
    if (n > maxString) throw new MalformedException("UBJSON string of " + n + " bytes is larger than the " + maxString + "-byte budget");
    return in.readUtf8(n, n);
  }

  /** Bytes one value of a typed container takes at least: 0 for Z/T/F, the width for numbers. */
  private static int minWidth(int type) {
    return switch (type) {
      case 'Z', 'T', 'F', 'N' -> 0;
      case 'I' -> 2;
      case 'l', 'd' -> 4;
      case 'L', 'D' -> 8;
      default -> 1;
    };
  }

  /** Reads the optional {@code $type} and {@code #count} of a container; returns {type, count} (-1 when absent). */
  private long[] header() throws IOException {
    long type = -1;
    long n = -1;
    int m = peek();
    if (m == '$') {
      next();
      type = bigEndian(1);
      if (type == 'N' || type == '$' || type == '#') throw new MalformedException("invalid UBJSON container type at " + in.position());
      if (peek() != '#') throw new MalformedException("UBJSON typed container without a count at " + in.position());
    }
    if (peek() == '#') {
      next();
      n = length();
      long width = type >= 0 ? minWidth((int) type) : 1;
      long left = end - position();
      if ((width > 0 && n > left / width) || (width == 0 && n > Math.max(left, 1 << 16)))
        throw new MalformedException("UBJSON container declares " + n + " values, more than the " + left + " bytes left allow");
    }
    return new long[] {type, n};
  }

  /** The next byte without consuming it (one byte of look-ahead, kept in {@link #ahead}). */
  private int peek() throws IOException {
    if (ahead < 0) {
      if (in.position() >= end) throw new EOFException();
      ahead = in.readU8();
    }
    return ahead;
  }

  private int next() throws IOException {
    if (ahead >= 0) {
      int m = ahead;
      ahead = -1;
      return m;
    }
    if (in.position() >= end) throw new EOFException();
    return in.readU8();
  }

  /** Position of the next unconsumed byte. */
  private long position() {
    return ahead >= 0 ? in.position() - 1 : in.position();
  }

  private void depth(int depth) throws MalformedException {
    if (depth > MAX_DEPTH) throw new MalformedException("UBJSON nested deeper than " + MAX_DEPTH + " levels");
  }

  private ArrayNode array(int depth) throws IOException {
    depth(depth);
    ArrayNode a = NODES.arrayNode();
    long[] h = header();
    if (h[1] >= 0) {
      for (long i = 0; i < h[1]; i++) a.add(value(h[0] >= 0 ? (int) h[0] : marker(), depth));
      return a;
    }
    int m;
    while ((m = marker()) != ']') a.add(value(m, depth));
    return a;
  }

  private ObjectNode object(int depth) throws IOException {
    depth(depth);
    ObjectNode o = NODES.objectNode();
    long[] h = header();
    if (h[1] >= 0) {
      for (long i = 0; i < h[1]; i++) put(o, string(), value(h[0] >= 0 ? (int) h[0] : marker(), depth));
      return o;
    }
    while (true) {
      int m = peekSkippingNoOp();
      if (m == '}') {
        next();
        return o;
      }
      put(o, string(), value(marker(), depth));
    }
  }

  private int peekSkippingNoOp() throws IOException {
    while (peek() == 'N') next();
    return peek();
  }

  private static void put(ObjectNode o, String key, JsonNode v) throws MalformedException {
    if (o.has(key)) throw new MalformedException("duplicate UBJSON key \"" + key + "\"");
    o.set(key, v);
  }
}
