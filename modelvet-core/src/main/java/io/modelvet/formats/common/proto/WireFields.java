package io.modelvet.formats.common.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * Cheap protobuf structure checks on an in-memory prefix of a file, for {@code sniff}: splits a
 * byte range into top-level fields without allocating their values, and tolerates the last field
 * being cut off by the end of the prefix.
 */
public final class WireFields {
  private WireFields() {}

  /**
   * One field: number, wire type, and either its varint value or the start and declared length of
   * its payload ({@code length} may run past the prefix when {@code truncated}).
   */
  public record Field(int number, int wire, long value, int start, long length, boolean truncated) {}

  /**
   * Parses fields in {@code b[from, to)}; returns null when the bytes are not a valid field
   * sequence. With {@code cutAllowed}, a last field whose payload runs past {@code to} is kept and
   * marked truncated (the prefix ended inside it). At most {@code maxFields} are returned.
   */
  public static List<Field> parse(byte[] b, int from, int to, boolean cutAllowed, int maxFields) {
    List<Field> out = new ArrayList<>();
    int p = from;
    while (p < to && out.size() < maxFields) {
      long[] v = varint(b, p, to);
      if (v == null) return cutAllowed && !out.isEmpty() ? out : null;
      long tag = v[0];
      p = (int) v[1];
      int wire = (int) (tag & 7);
      long num = tag >>> 3;
      if (num == 0 || num > 0x1FFFFFFFL) return null;
      switch (wire) {
        case 0 -> {
          long[] x = varint(b, p, to);
          if (x == null) return cutAllowed ? out : null;
          out.add(new Field((int) num, wire, x[0], p, 0, false));
          p = (int) x[1];
        }
        case 1, 5 -> {
          int n = wire == 1 ? 8 : 4;
          if (p + n > to) {
            if (!cutAllowed) return null;
            out.add(new Field((int) num, wire, 0, p, n, true));
            return out;
          }
          out.add(new Field((int) num, wire, 0, p, n, false));
          p += n;
        }
        case 2 -> {
          long[] x = varint(b, p, to);
          if (x == null) return cutAllowed ? out : null;
          long len = x[0];
          if (len < 0) return null;
          int start = (int) x[1];
          if (start + len > to) {
            if (!cutAllowed) return null;
            out.add(new Field((int) num, wire, 0, start, len, true));
            return out;
          }
          out.add(new Field((int) num, wire, 0, start, len, false));
          p = (int) (start + len);
        }
        default -> {
          return null;
        }
      }
    }
    return out;
  }

  /** Decodes a varint at {@code p}; returns {value, next position} or null if cut or overlong. */
  static long[] varint(byte[] b, int p, int to) {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (p >= to) return null;
      int x = b[p++] & 0xff;
      value |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) return new long[] {value, p};
    }
    return null;
  }

  /** True when {@code b[start, start+len)} is printable UTF-8-ish text (no C0 controls but TAB/LF/CR). */
  public static boolean isText(byte[] b, int start, int len) {
    int end = Math.min(b.length, start + len);
    for (int i = start; i < end; i++) {
      int c = b[i] & 0xff;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7f) return false;
    }
    return true;
  }
}
