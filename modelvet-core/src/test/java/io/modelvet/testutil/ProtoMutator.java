package io.modelvet.testutil;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware mutation of protobuf files (ONNX, TensorFlow GraphDef / SavedModel): the seed is
 * read as a tree of wire-format fields (a length-delimited field that parses completely as fields is
 * taken as a nested message), a few fields are changed, and the tree is written back with correct
 * lengths, so every enclosing message stays well formed and the parser walks down to the damage.
 * Changes: hostile varints, hostile strings, dropped, duplicated, transplanted and self-nested
 * fields, wrong wire types, and one lying length.
 */
public final class ProtoMutator {
  private static final int MAX_DEPTH = 12;
  private static final long[] VARINTS = {0, 1, -1, 127, 128, Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};
  private static final String[] STRINGS = {
    "", "../../../../etc/passwd", "/etc/shadow", "C:\\Windows\\system32", "file:///etc/passwd", "ai.onnx.ml",
    "com.microsoft", "PyFunc", "WriteFile", "ReadFile", "\u0000", "\uFFFF\uD800", "x".repeat(70_000)
  };

  /** One wire-format field; {@code children} is set when its payload parsed as a message. */
  static final class Field {
    final int number;
    int wire;
    long varint;
    byte[] raw;
    List<Field> children;
    long lengthOverride = -1;

    Field(int number, int wire) {
      this.number = number;
      this.wire = wire;
    }

    Field copy() {
      Field f = new Field(number, wire);
      f.varint = varint;
      f.raw = raw;
      f.lengthOverride = lengthOverride;
      if (children != null) {
        f.children = new ArrayList<>();
        for (Field c : children) f.children.add(c.copy());
      }
      return f;
    }
  }

  private ProtoMutator() {}

  /** Whether the bytes read completely as protobuf fields (the seeds this mutator is meant for). */
  public static boolean parses(byte[] seed) {
    return parse(seed, 0, seed.length, 0) != null;
  }

  /** {@code edits} structure-aware changes to {@code seed}, chosen by {@code random}. */
  public static byte[] mutate(byte[] seed, int edits, long random) {
    Random r = new Random(random);
    List<Field> top = parse(seed, 0, seed.length, 0);
    if (top == null || top.isEmpty()) throw new IllegalArgumentException("seed is not a protobuf message");
    boolean lied = false;
    for (int e = 0; e < edits; e++) {
      List<List<Field>> parents = new ArrayList<>();
      collect(top, parents);
      List<Field> parent = parents.get(r.nextInt(parents.size()));
      if (parent.isEmpty()) continue;
      int i = r.nextInt(parent.size());
      Field f = parent.get(i);
      switch (r.nextInt(lied ? 8 : 9)) {
        case 0 -> {
          f.wire = 0;
          f.children = null;
          f.varint = VARINTS[r.nextInt(VARINTS.length)];
        }
        case 1 -> {
          f.wire = 2;
          f.children = null;
          f.raw = STRINGS[r.nextInt(STRINGS.length)].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        case 2 -> parent.remove(i);
        case 3 -> {
          boolean small = f.children == null && (f.raw == null || f.raw.length < 16);
          int copies = small && r.nextInt(4) == 0 ? 5000 : 1 + r.nextInt(3); // many copies only of small fields
          for (int k = 0; k < copies; k++) parent.add(i, f.copy());
        }
        case 4 -> {
          List<Field> from = parents.get(r.nextInt(parents.size()));
          if (!from.isEmpty()) parent.add(i, from.get(r.nextInt(from.size())).copy());
        }
        case 5 -> {
          if (f.children != null) {
            // the message inside itself, many times: nesting far deeper than any real graph
            Field inner = f.copy();
            int depth = 10 + r.nextInt(2000);
            for (int k = 0; k < depth; k++) {
              Field outer = new Field(f.number, 2);
              outer.children = new ArrayList<>(List.of(inner));
              inner = outer;
            }
            parent.set(i, inner);
          }
        }
        case 6 -> f.wire = new int[] {0, 1, 2, 5, 3, 7}[r.nextInt(6)];
        case 7 -> {
          if (f.raw != null && f.raw.length > 0) {
            byte[] b = f.raw.clone();
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            f.raw = b;
          }
        }
        default -> {
          f.wire = 2;
          f.lengthOverride = new long[] {0, 1, 1L << 31, Long.MAX_VALUE >>> 1, 1L << 20}[r.nextInt(5)];
          lied = true;
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(top, out);
    return out.toByteArray();
  }

  private static void collect(List<Field> fields, List<List<Field>> parents) {
    parents.add(fields);
    for (Field f : fields) if (f.children != null) collect(f.children, parents);
  }

  /** The fields in {@code b[from, to)}, or null when they do not read completely as protobuf. */
  static List<Field> parse(byte[] b, int from, int to, int depth) {
    List<Field> out = new ArrayList<>();
    int[] pos = {from};
    while (pos[0] < to) {
      long tag = varint(b, pos, to);
      if (tag < 0) return null;
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (number == 0) return null;
      Field f = new Field(number, wire);
      switch (wire) {
        case 0 -> {
          f.varint = varint(b, pos, to);
          if (pos[0] < 0) return null;
        }
        case 1, 5 -> {
          int n = wire == 1 ? 8 : 4;
          if (to - pos[0] < n) return null;
          f.raw = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + n);
          pos[0] += n;
        }
        case 2 -> {
          long len = varint(b, pos, to);
          if (len < 0 || pos[0] < 0 || len > to - pos[0]) return null;
          int start = pos[0];
          int end = start + (int) len;
          f.raw = java.util.Arrays.copyOfRange(b, start, end);
          if (depth < MAX_DEPTH && len > 1) f.children = parse(b, start, end, depth + 1);
          pos[0] = end;
        }
        default -> {
          return null;
        }
      }
      out.add(f);
    }
    return out;
  }

  /** Reads a varint; on error sets {@code pos[0]} to -1 and returns -1. */
  private static long varint(byte[] b, int[] pos, int to) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= to) {
        pos[0] = -1;
        return -1;
      }
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) return v;
    }
    pos[0] = -1;
    return -1;
  }

  private static void write(List<Field> fields, ByteArrayOutputStream out) {
    for (Field f : fields) {
      writeVarint(out, ((long) f.number << 3) | f.wire);
      switch (f.wire) {
        case 0 -> writeVarint(out, f.varint);
        case 1, 5 -> {
          byte[] b = f.raw != null ? f.raw : new byte[f.wire == 1 ? 8 : 4];
          out.write(b, 0, Math.min(b.length, f.wire == 1 ? 8 : 4));
          for (int k = b.length; k < (f.wire == 1 ? 8 : 4); k++) out.write(0);
        }
        case 2 -> {
          byte[] payload = payload(f);
          writeVarint(out, f.lengthOverride >= 0 ? f.lengthOverride : payload.length);
          out.write(payload, 0, payload.length);
        }
        default -> { } // a group or reserved wire type: the tag alone
      }
    }
  }

  private static byte[] payload(Field f) {
    if (f.children != null) {
      ByteArrayOutputStream inner = new ByteArrayOutputStream();
      write(f.children, inner);
      return inner.toByteArray();
    }
    if (f.raw != null) return f.raw;
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    writeVarint(v, f.varint);
    return v.toByteArray();
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
