package io.modelvet.formats.common.numpy;

import io.modelvet.engine.ScanContext;
import io.modelvet.io.MalformedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed header of a {@code .npy} file: format version, dtype description, memory order,
 * shape, and where the array data begins. Parsing is bounded and never evaluates the header.
 *
 * @param major format version (1, 2 or 3)
 * @param descr the dtype description as written (a string, or a list for structured dtypes)
 * @param fortranOrder column-major layout
 * @param shape dimensions
 * @param dataOffset where the array data starts
 * @param hasObjects true when the dtype holds Python objects, so the data is a pickle
 * @param itemSize bytes per element, or -1 when it cannot be determined from the description
 */
public record NpyHeader(int major, Object descr, boolean fortranOrder, List<Long> shape, long dataOffset, boolean hasObjects, long itemSize) {

  /** The magic bytes {@code \x93NUMPY}. */
  public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** Largest header parsed; NumPy itself refuses more than 10 000 bytes by default. */
  public static final int MAX_HEADER = 1 << 20;

  /** True when {@code b} starts with the NumPy magic. */
  public static boolean hasMagic(byte[] b) {
    if (b.length < MAGIC.length) return false;
    for (int k = 0; k < MAGIC.length; k++) if (b[k] != MAGIC[k]) return false;
    return true;
  }

  /**
   * Parses the header from the first bytes of a file ({@code head} must hold the whole header).
   */
  public static NpyHeader parse(byte[] head) throws MalformedException {
    if (!hasMagic(head) || head.length < 10) throw new MalformedException("not a .npy file (magic missing)");
    int major = head[6] & 0xff;
    int lenStart;
    long headerLen;
    if (major == 1) {
      headerLen = (head[8] & 0xff) | (head[9] & 0xff) << 8;
      lenStart = 10;
    } else if (major == 2 || major == 3) {
      if (head.length < 12) throw new MalformedException(".npy header truncated");
      headerLen = (head[8] & 0xffL) | (head[9] & 0xffL) << 8 | (head[10] & 0xffL) << 16 | (head[11] & 0xffL) << 24;
      lenStart = 12;
    } else {
      throw new MalformedException("unknown .npy format version " + major);
    }
    if (headerLen > MAX_HEADER) throw new MalformedException(".npy header of " + headerLen + " bytes exceeds the limit of " + MAX_HEADER);
    if (lenStart + headerLen > head.length) throw new MalformedException(".npy header runs past the available bytes");
    String text = new String(head, lenStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (!(PyLiteral.parse(text) instanceof Map<?, ?> dict)) throw new MalformedException(".npy header is not a dict");
    if (!dict.containsKey("descr") || !(dict.get("fortran_order") instanceof Boolean fortran) || !(dict.get("shape") instanceof List<?> rawShape))
      throw new MalformedException(".npy header lacks descr, fortran_order or shape");
    List<Long> shape = new ArrayList<>();
    for (Object d : rawShape) {
      if (!(d instanceof BigInteger n) || n.signum() < 0 || n.bitLength() > 62) throw new MalformedException(".npy shape has an invalid dimension: " + d);
      shape.add(n.longValue());
    }
    Object descr = dict.get("descr");
    return new NpyHeader(major, descr, fortran, List.copyOf(shape), lenStart + headerLen, containsObject(descr, 0), itemSize(descr, 0));
  }

  /** Number of elements, or -1 on overflow. */
  public long count() {
    long n = 1;
    try {
      for (long d : shape) n = Math.multiplyExact(n, d);
    } catch (ArithmeticException e) {
      return -1;
    }
    return n;
  }

  /** Bytes the array data should take, or -1 when unknown (objects, unknown dtype, overflow). */
  public long expectedDataBytes() {
    long n = count();
    if (hasObjects || itemSize < 0 || n < 0) return -1;
    try {
      return Math.multiplyExact(n, itemSize);
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  private static boolean containsObject(Object descr, int depth) {
    if (depth > 16) return false;
    if (descr instanceof String s) return kind(s) == 'O';
    if (descr instanceof List<?> l) {
      for (Object o : l) if (containsObject(o, depth + 1)) return true;
    }
    return false;
  }

  /** Item size of a dtype description; -1 when it cannot be told. */
  private static long itemSize(Object descr, int depth) {
    if (depth > 16) return -1;
    if (descr instanceof String s) return simpleSize(s);
    if (!(descr instanceof List<?> fields)) return -1;
    long total = 0;
    for (Object f : fields) {
      if (!(f instanceof List<?> field) || field.size() < 2) return -1;
      long size = itemSize(field.get(1), depth + 1);
      if (size < 0) return -1;
      if (field.size() >= 3 && field.get(2) instanceof List<?> sub) {
        for (Object d : sub) {
          if (!(d instanceof BigInteger n) || n.signum() < 0 || n.bitLength() > 31) return -1;
          size *= n.longValue();
        }
      }
      total += size;
      if (total > Integer.MAX_VALUE) return -1;
    }
    return total;
  }

  private static char kind(String s) {
    String t = s.isEmpty() ? s : "<>|=".indexOf(s.charAt(0)) >= 0 ? s.substring(1) : s;
    return t.isEmpty() ? '?' : t.charAt(0);
  }

  private static long simpleSize(String s) {
    String t = !s.isEmpty() && "<>|=".indexOf(s.charAt(0)) >= 0 ? s.substring(1) : s;
    if (t.isEmpty()) return -1;
    char kind = t.charAt(0);
    if (kind == 'O') return 8;
    int end = 1;
    while (end < t.length() && Character.isDigit(t.charAt(end))) end++;
    if (end == 1 || end - 1 > 9) return -1;
    long n = Long.parseLong(t.substring(1, end));
    return switch (kind) {
      case 'b', 'i', 'u', 'f', 'c', 'S', 'V', 'm', 'M', 'a' -> n;
      case 'U' -> 4 * n;
      default -> -1;
    };
  }

  /**
   * Compares the data bytes present with what the header announces and reports a mismatch.
   * {@code where} prefixes the message for members of an archive ("" for a file).
   */
  public void reportSizeMismatch(ScanContext ctx, long dataBytes, String where) {
    long expected = expectedDataBytes();
    if (expected < 0 || dataBytes == expected) return;
    String what = dataBytes < expected
        ? "is truncated: the header announces " + expected + " data bytes but only " + dataBytes + " are present"
        : "has " + (dataBytes - expected) + " bytes after the array data that NumPy never reads; they could carry a hidden payload";
    ctx.report("numpy.size-mismatch", dataOffset(), where + "The array " + what + ".",
        "descr=" + descr() + " shape=" + shape() + " data bytes=" + dataBytes);
  }
}
