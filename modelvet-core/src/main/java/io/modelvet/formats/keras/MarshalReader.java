package io.modelvet.formats.keras;

import io.modelvet.io.MalformedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Python {@code marshal} byte string far enough to list what a compiled code object
 * uses — the global and attribute names ({@code co_names}), the constants and the nested code
 * objects — without running anything. Keras stores Lambda layers as the base64 of {@code
 * marshal.dumps(func.__code__)}. The code-object layout changed across Python versions (3.7;
 * 3.8–3.10; 3.11 and later), and the bytes do not say which one wrote them, so each layout is tried
 * and the first one that parses consistently wins.
 *
 * <p>Bounded: nesting depth, object count and every length are checked against the remaining
 * input before anything is allocated. Malformed input fails with {@link MalformedException}.
 */
public final class MarshalReader {
  /** Deepest container/code nesting accepted. */
  static final int MAX_DEPTH = 64;

  /** Most objects read from one marshal string. */
  static final int MAX_OBJECTS = 200_000;

  private static final int FLAG_REF = 0x80;

  /** What a code object (and the code objects nested in it) uses. */
  public record CodeSummary(
      Set<String> names, Set<String> strings, List<String> functions, int codeObjects, String layout) {}

  private enum Layout {
    PY311("Python 3.11+", 5),
    PY38("Python 3.8-3.10", 6),
    PY37("Python 3.7", 5);

    final String label;
    final int headerInts;

    Layout(String label, int headerInts) {
      this.label = label;
      this.headerInts = headerInts;
    }
  }

  /** A code object's parts that matter here. */
  private record Code(String name, List<Object> consts, List<Object> names) {}

  /** Marker for values whose content does not matter (numbers, None, booleans...). */
  private static final Object OTHER = new Object();

  private final byte[] data;
  private final Layout layout;
  private final List<Object> refs = new ArrayList<>();
  private int pos;
  private int objects;

  private MarshalReader(byte[] data, Layout layout) {
    this.data = data;
    this.layout = layout;
  }

  /**
   * Summarises the code object marshalled in {@code data}.
   *
   * @throws MalformedException when no known layout parses the bytes as a code object
   */
  public static CodeSummary readCode(byte[] data) throws MalformedException {
    StringBuilder why = new StringBuilder();
    for (Layout l : Layout.values()) {
      MarshalReader r = new MarshalReader(data, l);
      try {
        Object top = r.readObject(0);
        if (!(top instanceof Code code)) throw new MalformedException("marshal data does not hold a code object");
        return summarise(code, l);
      } catch (MalformedException e) {
        why.append(why.length() == 0 ? "" : "; ").append(l.label).append(": ").append(e.getMessage());
      }
    }
    throw new MalformedException("no known code-object layout fits (" + why + ")");
  }

  /** True when the bytes start like a marshalled code object (type 'c', with or without FLAG_REF). */
  public static boolean looksLikeCode(byte[] data) {
    return data.length > 16 && (data[0] & 0x7f) == 'c';
  }

  private static CodeSummary summarise(Code top, Layout l) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> strings = new LinkedHashSet<>();
    List<String> functions = new ArrayList<>();
    List<Code> work = new ArrayList<>();
    work.add(top);
    int count = 0;
    while (!work.isEmpty()) {
      Code c = work.remove(work.size() - 1);
      count++;
      functions.add(c.name());
      for (Object n : c.names()) if (n instanceof String s) names.add(s);
      collectConsts(c.consts(), strings, work, 0);
    }
    return new CodeSummary(names, strings, functions, count, l.label);
  }

  private static void collectConsts(List<Object> consts, Set<String> strings, List<Code> work, int depth) {
    if (depth > MAX_DEPTH) return;
    for (Object o : consts) {
      if (o instanceof String s) strings.add(s);
      else if (o instanceof Code c) work.add(c);
      else if (o instanceof List<?> l) {
        @SuppressWarnings("unchecked")
        List<Object> inner = (List<Object>) l;
        collectConsts(inner, strings, work, depth + 1);
      }
    }
  }

  private Object readObject(int depth) throws MalformedException {
    if (depth > MAX_DEPTH) throw new MalformedException("marshal data nested deeper than " + MAX_DEPTH);
    if (++objects > MAX_OBJECTS) throw new MalformedException("marshal data holds more than " + MAX_OBJECTS + " objects");
    int code = u8();
    boolean flag = (code & FLAG_REF) != 0;
    int type = code & 0x7f;
    int slot = -1;
    if (flag) {
      slot = refs.size();
      refs.add(OTHER); // reserved now, filled below, as CPython does for containers and code
    }
    Object v =
        switch (type) {
          case '0', 'N', 'F', 'T', 'S', '.' -> OTHER;
          case 'i' -> {
            i32();
            yield OTHER;
          }
          case 'I' -> {
            skip(8);
            yield OTHER;
          }
          case 'l' -> {
            long n = Math.abs((long) i32());
            skip(checkedLength(n * 2));
            yield OTHER;
          }
          case 'f', 'x' -> {
            skip(u8());
            if (type == 'x') skip(u8());
            yield OTHER;
          }
          case 'g' -> {
            skip(8);
            yield OTHER;
          }
          case 'y' -> {
            skip(16);
            yield OTHER;
          }
          case 's' -> bytesObject(checkedLength(i32()));
          case 't', 'u', 'a', 'A' -> text(checkedLength(i32()));
          case 'z', 'Z' -> text(u8());
          case ')' -> sequence(u8(), depth); // small tuple
          case '(', '[', '<', '>' -> sequence(checkedLength(i32()), depth);
          case '{' -> dict(depth);
          case 'r' -> {
            int idx = i32();
            if (idx < 0 || idx >= refs.size()) throw new MalformedException("marshal back-reference " + idx + " out of range");
            yield refs.get(idx);
          }
          case 'c' -> code(depth);
          default -> throw new MalformedException("unknown marshal type 0x" + Integer.toHexString(code) + " at " + (pos - 1));
        };
    if (slot >= 0) refs.set(slot, v);
    return v;
  }

  private Code code(int depth) throws MalformedException {
    for (int i = 0; i < layout.headerInts; i++) i32();
    Object bytecode = readObject(depth + 1);
    if (!(bytecode instanceof Bytes)) throw new MalformedException("code object without a bytecode string");
    List<Object> consts = tuple(readObject(depth + 1), "co_consts");
    List<Object> names = tuple(readObject(depth + 1), "co_names");
    String name;
    if (layout == Layout.PY311) {
      tuple(readObject(depth + 1), "co_localsplusnames");
      bytesField(readObject(depth + 1), "co_localspluskinds");
      text(readObject(depth + 1), "co_filename");
      name = text(readObject(depth + 1), "co_name");
      text(readObject(depth + 1), "co_qualname");
      i32();
      bytesField(readObject(depth + 1), "co_linetable");
      bytesField(readObject(depth + 1), "co_exceptiontable");
    } else {
      tuple(readObject(depth + 1), "co_varnames");
      tuple(readObject(depth + 1), "co_freevars");
      tuple(readObject(depth + 1), "co_cellvars");
      text(readObject(depth + 1), "co_filename");
      name = text(readObject(depth + 1), "co_name");
      i32();
      bytesField(readObject(depth + 1), "co_lnotab");
    }
    for (Object n : names)
      if (!(n instanceof String)) throw new MalformedException("co_names holds a non-string");
    return new Code(name, consts, names);
  }

  private static List<Object> tuple(Object o, String field) throws MalformedException {
    if (o instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      return list;
    }
    throw new MalformedException(field + " is not a tuple");
  }

  private static String text(Object o, String field) throws MalformedException {
    if (o instanceof String s) return s;
    throw new MalformedException(field + " is not a string");
  }

  private static void bytesField(Object o, String field) throws MalformedException {
    if (!(o instanceof Bytes)) throw new MalformedException(field + " is not a byte string");
  }

  /** A bytes object; the content is not needed. */
  private record Bytes(int length) {}

  private Bytes bytesObject(int n) throws MalformedException {
    skip(n);
    return new Bytes(n);
  }

  private String text(int n) throws MalformedException {
    checkedLength(n);
    String s = new String(data, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  private List<Object> sequence(int n, int depth) throws MalformedException {
    List<Object> out = new ArrayList<>(Math.min(n, 256));
    for (int i = 0; i < n; i++) out.add(readObject(depth + 1));
    return out;
  }

  private List<Object> dict(int depth) throws MalformedException {
    List<Object> out = new ArrayList<>();
    while (true) {
      if (pos < data.length && data[pos] == '0') {
        pos++;
        return out;
      }
      out.add(readObject(depth + 1));
      out.add(readObject(depth + 1));
    }
  }

  /** Rejects a length that is negative or longer than what is left (so nothing big is allocated). */
  private int checkedLength(long n) throws MalformedException {
    if (n < 0 || n > data.length - pos)
      throw new MalformedException("marshal length " + n + " at " + pos + " runs past the end");
    return (int) n;
  }

  private void skip(int n) throws MalformedException {
    pos += checkedLength(n);
  }

  private int u8() throws MalformedException {
    if (pos >= data.length) throw new MalformedException("marshal data ends early");
    return data[pos++] & 0xff;
  }

  private int i32() throws MalformedException {
    if (data.length - pos < 4) throw new MalformedException("marshal data ends early");
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }
}
