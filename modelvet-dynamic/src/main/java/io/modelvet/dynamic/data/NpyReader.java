package io.modelvet.dynamic.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} arrays (format versions 1–3) of bool, integer, float and fixed-width
 * unicode dtypes, C or Fortran order. Object arrays (pickles) are refused: they would need code
 * execution to read. Every size is checked against the bytes actually present before allocation.
 */
public final class NpyReader {
  /** Most elements an array may hold (64 Mi): guards against lying headers. */
  public static final long MAX_ELEMENTS = 64L << 20;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {}

  /** True when the bytes start with the NPY magic. */
  public static boolean isNpy(byte[] head) {
    if (head.length < MAGIC.length) return false;
    for (int i = 0; i < MAGIC.length; i++) if (head[i] != MAGIC[i]) return false;
    return true;
  }

  /** Parses a whole {@code .npy} file held in memory. */
  public static NpyArray read(byte[] bytes, String name) {
    if (!isNpy(bytes) || bytes.length < 10) throw new DataException(name + ": not an NPY array (bad magic)");
    int major = bytes[6] & 0xff;
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen;
    int offset;
    if (major == 1) {
      headerLen = bb.getShort(8) & 0xffff;
      offset = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) throw new DataException(name + ": truncated NPY header");
      headerLen = bb.getInt(8) & 0xffffffffL;
      offset = 12;
    } else {
      throw new DataException(name + ": unsupported NPY version " + major);
    }
    if (headerLen > 1 << 16 || offset + headerLen > bytes.length) throw new DataException(name + ": NPY header length " + headerLen + " is invalid");
    String header = new String(bytes, offset, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int dataStart = (int) (offset + headerLen);
    String descr = group(DESCR, header, name, "descr");
    boolean fortran = group(FORTRAN, header, name, "fortran_order").equals("True");
    long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
    long count = 1;
    for (long s : shape) {
      if (s < 0 || s > MAX_ELEMENTS) throw new DataException(name + ": dimension " + s + " is out of range");
      count *= s;
      if (count > MAX_ELEMENTS) throw new DataException(name + ": more than " + MAX_ELEMENTS + " elements");
    }
    if (descr.length() >= 2 && descr.charAt(1) == 'O') throw new DataException(name + ": object arrays hold pickles and are refused");
    if (descr.length() < 3) throw new DataException(name + ": unsupported dtype '" + descr + "'");
    char order = descr.charAt(0);
    String kind = descr.substring(1, 2);
    int width;
    try {
      width = Integer.parseInt(descr.substring(2));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new DataException(name + ": unsupported dtype '" + descr + "'");
    }
    int elemBytes = kind.equals("U") ? width * 4 : width;
    if (elemBytes <= 0 || count * elemBytes > bytes.length - dataStart)
      throw new DataException(name + ": header promises " + count + " x " + descr + " but only " + (bytes.length - dataStart) + " data bytes follow");
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice()
        .order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int n = (int) count;
    if (kind.equals("U")) {
      String[] s = new String[n];
      for (int i = 0; i < n; i++) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < width; c++) {
          int cp = data.getInt((i * width + c) * 4);
          if (cp == 0) break;
          if (!Character.isValidCodePoint(cp)) throw new DataException(name + ": invalid character in string array");
          sb.appendCodePoint(cp);
        }
        s[i] = sb.toString();
      }
      return new NpyArray(shape, null, fortran ? toCOrder(s, shape) : s, descr);
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = element(data, i * width, kind, width, descr, name);
    if (fortran) v = toCOrder(v, shape);
    return new NpyArray(shape, v, null, descr);
  }

  private static double element(ByteBuffer b, int pos, String kind, int width, String descr, String name) {
    switch (kind) {
      case "b":
        if (width == 1) return b.get(pos) != 0 ? 1 : 0;
        break;
      case "i":
        switch (width) {
          case 1: return b.get(pos);
          case 2: return b.getShort(pos);
          case 4: return b.getInt(pos);
          case 8: return b.getLong(pos);
          default: break;
        }
        break;
      case "u":
        switch (width) {
          case 1: return b.get(pos) & 0xff;
          case 2: return b.getShort(pos) & 0xffff;
          case 4: return b.getInt(pos) & 0xffffffffL;
          case 8: return (double) b.getLong(pos);
          default: break;
        }
        break;
      case "f":
        switch (width) {
          case 2: return halfToDouble(b.getShort(pos));
          case 4: return b.getFloat(pos);
          case 8: return b.getDouble(pos);
          default: break;
        }
        break;
      default:
        break;
    }
    throw new DataException(name + ": unsupported dtype '" + descr + "'");
  }

  private static double halfToDouble(short h) {
    int bits = h & 0xffff;
    int sign = (bits >> 15) == 0 ? 1 : -1;
    int exp = (bits >> 10) & 0x1f;
    int frac = bits & 0x3ff;
    if (exp == 0) return sign * Math.scalb((double) frac, -24);
    if (exp == 31) return frac == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    return sign * Math.scalb(1.0 + frac / 1024.0, exp - 15);
  }

  private static String group(Pattern p, String header, String name, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) throw new DataException(name + ": NPY header lacks '" + key + "'");
    return m.group(1);
  }

  private static long[] parseShape(String text, String name) {
    List<Long> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      String t = part.trim();
      if (t.isEmpty()) continue;
      try {
        dims.add(Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t));
      } catch (NumberFormatException e) {
        throw new DataException(name + ": bad shape (" + text + ")");
      }
      if (dims.size() > 32) throw new DataException(name + ": too many dimensions");
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static int[] strides(long[] shape, boolean fortran) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int k = 0; k < shape.length; k++) {
      int dim = fortran ? k : shape.length - 1 - k;
      s[dim] = acc;
      acc *= (int) shape[dim];
    }
    return s;
  }

  private static int fortranIndex(int cIndex, long[] shape, int[] fStrides) {
    int rem = cIndex;
    int f = 0;
    for (int k = shape.length - 1; k >= 0; k--) {
      int idx = (int) (rem % shape[k]);
      rem /= (int) shape[k];
      f += idx * fStrides[k];
    }
    return f;
  }

  private static double[] toCOrder(double[] v, long[] shape) {
    int[] fs = strides(shape, true);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[fortranIndex(i, shape, fs)];
    return out;
  }

  private static String[] toCOrder(String[] v, long[] shape) {
    int[] fs = strides(shape, true);
    String[] out = new String[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[fortranIndex(i, shape, fs)];
    return out;
  }
}
