package io.modelvet.formats.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Proof that bytes found inside data are a complete pickle program, not random bytes that happen
 * to start like one. The bytes must walk opcode by opcode (the reviewed table in {@code
 * io/modelvet/payload/pickle-opcodes.tsv}) with well-formed operands, never underflow the stack,
 * use only opcodes of the protocol the header declares, end in STOP with exactly one value and no
 * open MARK, have at least {@link #MIN_OPS} opcodes, and leave at most {@link #MAX_TRAILER} bytes
 * after STOP. docs/pickle.md derives the false-positive probability of this proof on uniformly
 * random bytes (below 1e-9 per operand). Nothing is imported or run: this only walks bytes.
 */
public final class PickleProgram {
  /** Fewest opcodes (PROTO and STOP included) of a program accepted as a staged pickle. */
  public static final int MIN_OPS = 6;
  /** Most bytes accepted after STOP (reported with the proof). */
  public static final int MAX_TRAILER = 8;

  private static final int MAX_STACK = 1 << 20;
  private static final int MAX_LINE = 64 * 1024;
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final Pattern INT_LINE = Pattern.compile("-?[0-9]+L?");
  private static final Op[] OPS = load();

  private static final byte OTHER = 0;
  private static final byte NAME = 1;
  private static final byte MARK = 2;

  /**
   * A proven program.
   *
   * @param protocol the declared protocol, or -1 for a program without a PROTO header
   * @param ops opcodes walked, STOP included
   * @param globals imports (GLOBAL, INST, STACK_GLOBAL, EXT) in the program
   * @param length bytes from the start up to and including STOP
   * @param trailer bytes after STOP, or -1 for a headerless program that runs to the end of the
   *     bytes without STOP (it continues in the stream that executes it)
   */
  public record Proof(int protocol, long ops, int globals, int length, int trailer) {}

  private record Op(String name, int protocol, String arg, String effect) {}

  private PickleProgram() {}

  /**
   * Proves that {@code d} is a pickle program with a PROTO 2-5 header. Returns null when any
   * condition fails.
   */
  public static Proof prove(byte[] d) {
    if (d.length < 2 || (d[0] & 0xff) != 0x80 || d[1] < 2 || d[1] > 5) return null;
    return walk(d, 0, d[1], false);
  }

  /**
   * Proves that {@code d} from {@code from} is a program without header that imports a name given
   * as identifiers (GLOBAL/INST lines or STACK_GLOBAL of identifier strings): opcodes hidden in a
   * data operand, run by a loader tricked into reading them (frame divergence). Such a program
   * may end at STOP or run exactly to the end of the bytes, its last opcode complete.
   */
  public static Proof proveHeaderless(byte[] d, int from) {
    return walk(d, from, 5, true);
  }

  /** True for a dotted Python identifier such as {@code os.path} (no spaces, no operators). */
  public static boolean isDottedName(String s) {
    return DOTTED.matcher(s).matches();
  }

  private static Proof walk(byte[] d, int from, int protocol, boolean headerless) {
    byte[] stack = new byte[64];
    int sp = 0;
    List<Integer> marks = new ArrayList<>();
    Map<Long, Byte> memo = new HashMap<>();
    int pos = from;
    long ops = 0;
    int globals = 0;
    long memoNext = 0;
    while (pos < d.length) {
      int code = d[pos] & 0xff;
      Op op = OPS[code];
      if (op == null || op.protocol > protocol) return null;
      if (code == 0x80 && (headerless || pos != from)) return null; // PROTO only as the header
      ops++;
      pos++;
      Operand a = operand(op.arg, d, pos);
      if (a == null) return null;
      pos = a.end;
      byte tag = OTHER;
      int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
      switch (op.effect) {
        case "stop" -> {
          if (sp != 1 || !marks.isEmpty() || ops < MIN_OPS) return null;
          if (headerless && globals == 0) return null;
          int trailer = d.length - pos;
          if (trailer > MAX_TRAILER) return null;
          return new Proof(headerless ? -1 : protocol, ops, globals, pos - from, trailer);
        }
        case "mark" -> {
          marks.add(sp);
          stack = grow(stack, sp);
          if (stack == null) return null;
          stack[sp++] = MARK;
          continue;
        }
        case "pop" -> {
          if (sp > floor) sp--;
          else if (!marks.isEmpty()) sp = marks.remove(marks.size() - 1);
          else return null;
          continue;
        }
        case "peek" -> {
          if (sp <= floor) return null;
          long key = code == 0x94 ? memoNext++ : a.number;
          memo.put(key, stack[sp - 1]);
          continue;
        }
        default -> {}
      }
      String[] e = op.effect.split(">");
      if (e[0].startsWith("mark")) {
        if (marks.isEmpty()) return null;
        sp = marks.remove(marks.size() - 1);
        floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
        if (e[0].equals("mark,1")) {
          if (sp <= floor) return null;
          sp--;
        }
      } else {
        int pop = Integer.parseInt(e[0]);
        if (sp - floor < pop) return null;
        if (code == 0x93) { // STACK_GLOBAL: module and name must be identifier strings to count as a named import
          if (stack[sp - 1] == NAME && stack[sp - 2] == NAME) globals++;
          else if (headerless) return null;
        }
        if (code == 0x32) tag = stack[sp - 1];
        sp -= pop;
      }
      if (code == 0x63 || code == 0x69 || (code >= 0x82 && code <= 0x84)) globals++;
      if (isText(code) && isDottedName(new String(d, a.dataStart, a.end - a.dataStart, StandardCharsets.UTF_8))) tag = NAME;
      if (code == 0x56 && isDottedName(new String(d, a.dataStart, a.end - a.dataStart - 1, StandardCharsets.ISO_8859_1))) tag = NAME;
      if (code == 0x67 || code == 0x68 || code == 0x6a) tag = memo.getOrDefault(a.number, OTHER);
      for (int i = 0, push = Integer.parseInt(e[1]); i < push; i++) {
        stack = grow(stack, sp);
        if (stack == null) return null;
        stack[sp++] = i == push - 1 ? tag : OTHER;
      }
    }
    if (headerless && pos == d.length && ops >= MIN_OPS && globals > 0) return new Proof(-1, ops, globals, pos - from, -1);
    return null; // no STOP
  }

  /** SHORT_BINUNICODE, BINUNICODE, BINUNICODE8, SHORT_BINSTRING, BINSTRING: operands that are str. */
  private static boolean isText(int code) {
    return code == 0x8c || code == 0x58 || code == 0x8d || code == 0x55 || code == 0x54;
  }

  private static byte[] grow(byte[] stack, int sp) {
    if (sp < stack.length) return stack;
    if (stack.length >= MAX_STACK) return null;
    return java.util.Arrays.copyOf(stack, stack.length * 2);
  }

  /** Where an operand ends; {@code number} holds a memo key; {@code dataStart} where counted data begins. */
  private record Operand(int end, long number, int dataStart) {}

  private static Operand operand(String kind, byte[] d, int p) {
    switch (kind) {
      case "none":
        return new Operand(p, 0, p);
      case "u1":
        return p + 1 <= d.length ? new Operand(p + 1, d[p] & 0xff, p) : null;
      case "u2":
        return p + 2 <= d.length ? new Operand(p + 2, (d[p] & 0xff) | (d[p + 1] & 0xff) << 8, p) : null;
      case "u4", "i4":
        return p + 4 <= d.length ? new Operand(p + 4, le(d, p, 4), p) : null;
      case "u8":
        return p + 8 <= d.length ? new Operand(p + 8, 0, p) : null;
      case "len1", "len4", "len4u", "len8": {
        int w = kind.equals("len1") ? 1 : kind.equals("len8") ? 8 : 4;
        if (p + w > d.length) return null;
        long n = le(d, p, w);
        if (kind.equals("len4") && n >= 1L << 31) return null; // signed: negative lengths fail
        if (n < 0 || n > d.length - (p + w)) return null;
        return new Operand((int) (p + w + n), 0, p + w);
      }
      default:
        return line(kind, d, p);
    }
  }

  private static Operand line(String kind, byte[] d, int p) {
    int lines = kind.equals("globallines") ? 2 : 1;
    int q = p;
    for (int i = 0; i < lines; i++) {
      int nl = q;
      while (nl < d.length && d[nl] != '\n' && nl - q < MAX_LINE) nl++;
      if (nl >= d.length || d[nl] != '\n') return null;
      String s = new String(d, q, nl - q, StandardCharsets.ISO_8859_1);
      boolean ok = switch (kind) {
        case "intline" -> INT_LINE.matcher(s.strip()).matches();
        case "floatline" -> isFloat(s.strip());
        case "quotedline" -> s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0);
        case "globallines" -> isDottedName(s);
        default -> true;
      };
      if (!ok) return null;
      q = nl + 1;
    }
    long number = 0;
    if (kind.equals("intline")) {
      try {
        number = Long.parseLong(new String(d, p, q - p - 1, StandardCharsets.ISO_8859_1).strip().replace("L", ""));
      } catch (NumberFormatException e) {
        number = -1;
      }
    }
    return new Operand(q, number, p);
  }

  private static boolean isFloat(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return s.matches("-?(inf|nan)");
    }
  }

  private static long le(byte[] d, int p, int w) {
    long v = 0;
    for (int i = w - 1; i >= 0; i--) v = v << 8 | (d[p + i] & 0xff);
    return v;
  }

  private static Op[] load() {
    Op[] ops = new Op[256];
    for (String[] r : ReviewedData.load("/io/modelvet/payload/pickle-opcodes.tsv", 6))
      ops[Integer.parseInt(r[0], 16)] = new Op(r[1], Integer.parseInt(r[2]), r[3], r[4]);
    return ops;
  }
}
