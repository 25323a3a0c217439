package io.modelvet.formats.pickle;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Budgets;
import io.modelvet.formats.pickle.PValue.Call;
import io.modelvet.formats.pickle.PValue.CallKind;
import io.modelvet.formats.pickle.PValue.Dict;
import io.modelvet.formats.pickle.PValue.Seq;
import io.modelvet.formats.pickle.PValue.SeqKind;
import io.modelvet.io.ByteSource;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A symbolic interpreter of the pickle protocol 0–5. It follows CPython's unpickler opcode by
 * opcode but never imports or calls anything: it builds {@link PValue}s and tells a {@link
 * PickleListener} about every global reference and call site. Large operands are skipped by
 * seeking; stack, memo, opcode count and retained bytes are bounded by {@link Budgets}.
 */
public final class PickleMachine {
  /** Operands up to this size are kept whole (names, short strings, small nested payloads). */
  static final int INLINE = 64 * 1024;
  /** Bytes kept from a larger operand for evidence. */
  static final int PREFIX = 256;
  /** Items kept per container; the rest are only counted. */
  static final int CONTAINER_CAP = 8192;

  /** How one stream ended. */
  public enum End {
    STOP,
    TRUNCATED,
    MALFORMED
  }

  /**
   * The outcome of {@link #run}.
   *
   * @param end how it ended
   * @param endOffset offset right after STOP, or where parsing stopped
   * @param value the unpickled value (top of stack at STOP), or null
   * @param message why it ended early, or null
   * @param ops opcodes interpreted
   */
  public record Result(End end, long endOffset, PValue value, String message, long ops) {}

  /** Called periodically so a scan can honour its time budget. */
  @FunctionalInterface
  public interface Deadline {
    void check() throws BudgetExceededException;
  }

  private final ByteSource source;
  private final Budgets budgets;
  private final PickleListener listener;
  private final Deadline deadline;
  private long totalOps;
  private long retained;

  public PickleMachine(ByteSource source, Budgets budgets, PickleListener listener, Deadline deadline) {
    this.source = source;
    this.budgets = budgets;
    this.listener = listener;
    this.deadline = deadline;
  }

  /** Opcodes interpreted so far over every {@link #run} of this machine. */
  public long totalOps() {
    return totalOps;
  }

  /** Interprets one pickle starting at {@code start} until STOP, the end of data or an error. */
  public Result run(long start) throws IOException {
    return new Run(SourceReader.of(source, start)).execute();
  }

  /** Interprets one pickle embedded at the reader's position (joblib object arrays). */
  public Result runEmbedded(SourceReader reader) throws IOException {
    return new Run(reader).execute();
  }

  /** One stream's state: stack, marks, memo, frame. */
  private final class Run {
    private final SourceReader in;
    private final List<PValue> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Memo memo = new Memo();
    private long frameEnd = -1;
    private boolean frameDivergenceReported;
    private int protocol;
    private PValue built; // target of the BUILD just interpreted, for listeners that read raw data after it
    private long ops;

    Run(SourceReader in) {
      this.in = in;
    }

    Result execute() throws IOException {
      long opStart = in.position();
      try {
        while (true) {
          opStart = in.position();
          if (frameEnd >= 0 && opStart >= frameEnd) frameEnd = -1;
          int op = in.read();
          if (op < 0) return new Result(End.TRUNCATED, opStart, null, "stream ends before STOP", ops);
          if (++ops > budgets.maxPickleOps() || ++totalOps > budgets.maxPickleOps())
            throw new BudgetExceededException("more than " + budgets.maxPickleOps() + " pickle opcodes");
          if ((ops & 0xffff) == 0) deadline.check();
          if (op == '.') {
            PValue top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            return new Result(End.STOP, in.position(), top, null, ops);
          }
          String bad = step(op, opStart);
          if (bad != null) return new Result(End.MALFORMED, opStart, null, bad, ops);
          checkFrame(op, opStart);
          if (built != null) {
            PValue target = built;
            built = null;
            listener.afterBuild(target, in, PickleMachine.this);
            if (frameEnd >= 0 && in.position() >= frameEnd) frameEnd = -1;
          }
          if (stack.size() + marks.size() > budgets.maxPickleStack())
            throw new BudgetExceededException("pickle stack deeper than " + budgets.maxPickleStack());
        }
      } catch (EOFException e) {
        return new Result(End.TRUNCATED, opStart, null, "stream cut off inside opcode at " + opStart, ops);
      } catch (Underflow e) {
        return new Result(End.MALFORMED, opStart, null, e.getMessage(), ops);
      }
    }

    /** An opcode must not straddle a frame end: CPython's C unpickler reads on, the Python one fails. */
    private void checkFrame(int op, long opStart) {
      if (frameEnd >= 0 && opStart < frameEnd && in.position() > frameEnd && !frameDivergenceReported) {
        frameDivergenceReported = true;
        listener.anomaly("pickle.frame-divergence", opStart,
            String.format("Opcode 0x%02x at offset %d runs past the end of its frame (%d). CPython's C unpickler reads on while the pure-Python unpickler and many scanners stop, so tools and loaders see different programs.", op, opStart, frameEnd),
            "frame end " + frameEnd + ", opcode ends at " + in.position());
      }
    }

    private String step(int op, long at) throws IOException {
      switch (op) {
        case 0x80 -> { // PROTO
          protocol = in.readU8();
          if (protocol > 5) return "unsupported pickle protocol " + protocol;
        }
        case 0x95 -> { // FRAME
          long len = in.readI64();
          if (len < 0) return "negative frame length";
          if (frameEnd >= 0 && at < frameEnd && !frameDivergenceReported) {
            frameDivergenceReported = true;
            listener.anomaly("pickle.frame-divergence", at,
                "A new FRAME starts before the previous frame ends. The pure-Python unpickler rejects this while CPython's C unpickler accepts it, so scanners and loaders can disagree about the program.",
                "frame end " + frameEnd + ", new frame at " + at);
          }
          if (len > in.remaining()) {
            listener.anomaly("pickle.frame-divergence", at,
                "A FRAME announces " + len + " bytes but only " + in.remaining() + " remain. CPython's C unpickler refuses the file while the pure-Python unpickler runs the opcodes that are there, so the program is analysed as far as it goes.",
                "frame of " + len + " bytes at " + at);
            frameDivergenceReported = true;
            len = in.remaining();
          }
          frameEnd = in.position() + len;
        }
        case '(' -> marks.add(stack.size());
        case '0' -> { // POP
          if (!stack.isEmpty() && (marks.isEmpty() || marks.get(marks.size() - 1) < stack.size())) pop();
          else popMark();
        }
        case '1' -> popMark();
        case '2' -> push(peek());
        case 'N' -> push(new PValue.Scalar("None"));
        case 0x88 -> push(new PValue.Scalar("True"));
        case 0x89 -> push(new PValue.Scalar("False"));
        case 'I' -> {
          String s = line().trim();
          if (s.equals("00")) push(new PValue.Scalar("False"));
          else if (s.equals("01")) push(new PValue.Scalar("True"));
          else {
            PValue v = integer(s);
            if (v == null) return "invalid INT literal";
            push(v);
          }
        }
        case 'L' -> {
          String s = line().trim();
          if (s.endsWith("L")) s = s.substring(0, s.length() - 1);
          PValue v = integer(s);
          if (v == null) return "invalid LONG literal";
          push(v);
        }
        case 'J' -> push(new PValue.Int(in.readI32()));
        case 'K' -> push(new PValue.Int(in.readU8()));
        case 'M' -> push(new PValue.Int(in.readU16()));
        case 0x8a -> push(longBytes(in.readU8()));
        case 0x8b -> {
          long n = in.readI32();
          if (n < 0) return "negative LONG4 length";
          push(longBytes(n));
        }
        case 'F' -> {
          String s = line().trim();
          try {
            push(new PValue.Real(Double.parseDouble(s)));
          } catch (NumberFormatException e) {
            return "invalid FLOAT literal";
          }
        }
        case 'G' -> push(new PValue.Real(Double.longBitsToDouble(Long.reverseBytes(in.readI64()))));
        case 'S' -> {
          String s = PythonLiterals.unquote(line());
          if (s == null) return "STRING operand is not a quoted literal";
          push(str(s));
        }
        case 'T' -> {
          long n = in.readI32();
          if (n < 0) return "negative BINSTRING length";
          push(binString(n, StandardCharsets.ISO_8859_1));
        }
        case 'U' -> push(binString(in.readU8(), StandardCharsets.ISO_8859_1));
        case 'V' -> push(str(PythonLiterals.rawUnicodeEscape(line())));
        case 'X' -> push(binString(in.readU32(), StandardCharsets.UTF_8));
        case 0x8c -> push(binString(in.readU8(), StandardCharsets.UTF_8));
        case 0x8d -> push(binString(in.readI64(), StandardCharsets.UTF_8));
        case 'B' -> push(bytes(in.readU32(), false));
        case 'C' -> push(bytes(in.readU8(), false));
        case 0x8e -> push(bytes(in.readI64(), false));
        case 0x96 -> push(bytes(in.readI64(), true));
        case 0x97 -> push(new PValue.Buffer(false));
        case 0x98 -> peek();
        case ']' -> push(new Seq(SeqKind.LIST, CONTAINER_CAP));
        case ')' -> push(new Seq(SeqKind.TUPLE, CONTAINER_CAP));
        case '}' -> push(new Dict(CONTAINER_CAP));
        case 0x8f -> push(new Seq(SeqKind.SET, CONTAINER_CAP));
        case 'l' -> push(seq(SeqKind.LIST, popMark()));
        case 't' -> push(seq(SeqKind.TUPLE, popMark()));
        case 0x91 -> push(seq(SeqKind.FROZENSET, popMark()));
        case 0x85 -> push(seq(SeqKind.TUPLE, popN(1)));
        case 0x86 -> push(seq(SeqKind.TUPLE, popN(2)));
        case 0x87 -> push(seq(SeqKind.TUPLE, popN(3)));
        case 'd' -> {
          List<PValue> items = popMark();
          Dict d = new Dict(CONTAINER_CAP);
          for (int i = 0; i + 1 < items.size(); i += 2) d.put(items.get(i), items.get(i + 1));
          push(d);
        }
        case 'a' -> {
          PValue v = pop();
          if (peek() instanceof Seq s) s.add(v);
        }
        case 'e', 0x90 -> {
          List<PValue> items = popMark();
          if (peek() instanceof Seq s) for (PValue v : items) s.add(v);
        }
        case 's' -> {
          PValue v = pop();
          PValue k = pop();
          if (peek() instanceof Dict d) d.put(k, v);
        }
        case 'u' -> {
          List<PValue> items = popMark();
          if (peek() instanceof Dict d) for (int i = 0; i + 1 < items.size(); i += 2) d.put(items.get(i), items.get(i + 1));
        }
        case 'p' -> {
          PValue k = integer(line().trim());
          if (!(k instanceof PValue.Int key)) return "invalid PUT key";
          memoPut(key.value(), peek());
        }
        case 'q' -> memoPut(in.readU8(), peek());
        case 'r' -> memoPut(in.readU32(), peek());
        case 0x94 -> memoPut(memo.size(), peek());
        case 'g' -> {
          PValue k = integer(line().trim());
          if (!(k instanceof PValue.Int key)) return "invalid GET key";
          push(memoGet(key.value(), at));
        }
        case 'h' -> push(memoGet(in.readU8(), at));
        case 'j' -> push(memoGet(in.readU32(), at));
        case 'c' -> {
          String module = utf8Line();
          String name = utf8Line();
          push(global(module, name, at, -1));
        }
        case 0x93 -> {
          PValue name = pop();
          PValue module = pop();
          if (module instanceof PValue.Str m && m.complete() && name instanceof PValue.Str n && n.complete()) {
            push(global(m.text(), n.text(), at, -1));
          } else {
            String why = "STACK_GLOBAL operands are " + PseudoCode.describe(module) + " and " + PseudoCode.describe(name);
            listener.opaqueGlobal(at, why);
            push(new PValue.Opaque(why));
          }
        }
        case 0x82 -> push(ext(in.readU8(), at));
        case 0x83 -> push(ext(in.readU16(), at));
        case 0x84 -> push(ext(in.readI32(), at));
        case 'i' -> {
          String module = utf8Line();
          String name = utf8Line();
          List<PValue> args = popMark();
          push(call(global(module, name, at, -1), seq(SeqKind.TUPLE, args), null, CallKind.INST, at));
        }
        case 'o' -> {
          List<PValue> items = popMark();
          if (items.isEmpty()) throw new Underflow("OBJ without a class at " + at);
          push(call(items.get(0), seq(SeqKind.TUPLE, items.subList(1, items.size())), null, CallKind.OBJ, at));
        }
        case 'R' -> {
          PValue args = pop();
          PValue callee = pop();
          push(call(callee, args, null, CallKind.REDUCE, at));
        }
        case 0x81 -> {
          PValue args = pop();
          PValue cls = pop();
          push(call(cls, args, null, CallKind.NEWOBJ, at));
        }
        case 0x92 -> {
          PValue kwargs = pop();
          PValue args = pop();
          PValue cls = pop();
          push(call(cls, args, kwargs, CallKind.NEWOBJ_EX, at));
        }
        case 'b' -> {
          PValue state = pop();
          PValue target = peek();
          if (target instanceof Call c) c.state = state;
          listener.build(at, target, state);
          built = target;
        }
        case 'P' -> push(persistent(at, str(utf8Line())));
        case 'Q' -> push(persistent(at, pop()));
        default -> {
          return String.format("invalid opcode 0x%02x", op);
        }
      }
      return null;
    }

    private PValue persistent(long at, PValue pid) {
      listener.persistent(at, pid);
      return new PValue.Persistent(pid);
    }

    private PValue.Global global(String module, String name, long at, int ext) {
      String[] mapped = protocol < 3 ? PythonNames.compat(module, name) : new String[] {module, name};
      PValue.Global g = new PValue.Global(mapped[0], mapped[1], module, name, at, ext);
      listener.global(g);
      return g;
    }

    private PValue ext(long code, long at) {
      PValue.Global g = new PValue.Global("copyreg._extension_registry", "[" + code + "]", "?", "?", at, (int) code);
      listener.global(g);
      return g;
    }

    private Call call(PValue callee, PValue args, PValue kwargs, CallKind kind, long at) {
      Call c = new Call(callee, args, kwargs, kind, at);
      listener.call(c);
      return c;
    }

    private void memoPut(long key, PValue v) throws BudgetExceededException {
      if (!memo.containsKey(key) && memo.size() >= budgets.maxPickleMemo())
        throw new BudgetExceededException("more than " + budgets.maxPickleMemo() + " pickle memo entries");
      memo.put(key, v);
    }

    private PValue memoGet(long key, long at) {
      PValue v = memo.get(key);
      if (v != null) return v;
      listener.anomaly("pickle.malformed", at,
          "The pickle reads memo slot " + key + ", which was never stored. CPython stops loading here, after running everything before; a scanner that crashes on it reports nothing.",
          "GET " + key);
      return new PValue.Opaque("memo[" + key + "] (never stored)");
    }

    private String line() throws IOException {
      return new String(in.readLine(budgets.maxOperandBytes()), StandardCharsets.ISO_8859_1);
    }

    private String utf8Line() throws IOException {
      return new String(in.readLine(budgets.maxOperandBytes()), StandardCharsets.UTF_8);
    }

    private PValue integer(String s) {
      try {
        return new PValue.Int(Long.parseLong(s));
      } catch (NumberFormatException e) {
        try {
          return new PValue.Scalar(new BigInteger(s).toString());
        } catch (NumberFormatException e2) {
          return null;
        }
      }
    }

    private PValue longBytes(long n) throws IOException {
      if (n == 0) return new PValue.Int(0);
      if (n <= 8) {
        byte[] b = in.readBytes(n, 8);
        long v = b[b.length - 1]; // sign-extends the top byte
        for (int i = b.length - 2; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        return new PValue.Int(v);
      }
      in.skip(n);
      return new PValue.Scalar("<int of " + n + " bytes>");
    }

    private PValue str(String s) {
      PValue v = s.length() <= INLINE && retain(s.length())
          ? new PValue.Str(s, s.length(), true)
          : new PValue.Str(s.substring(0, Math.min(PREFIX, s.length())), s.length(), false);
      listener.operand(v);
      return v;
    }

    private PValue binString(long n, java.nio.charset.Charset cs) throws IOException {
      if (n < 0) throw new io.modelvet.io.MalformedException("negative string length at " + in.position());
      PValue v;
      if (n <= INLINE && retain(n)) {
        v = new PValue.Str(new String(in.readBytes(n, INLINE), cs), n, true);
      } else {
        byte[] head = in.readBytes(Math.min(PREFIX, n), PREFIX);
        in.skip(n - head.length);
        v = new PValue.Str(new String(head, cs), n, false);
      }
      listener.operand(v);
      return v;
    }

    private PValue bytes(long n, boolean bytearray) throws IOException {
      if (n < 0) throw new io.modelvet.io.MalformedException("negative bytes length at " + in.position());
      long offset = in.position();
      PValue.Bytes v;
      if (n <= INLINE && retain(n)) {
        v = new PValue.Bytes(offset, n, in.readBytes(n, INLINE), bytearray);
      } else {
        byte[] head = in.readBytes(Math.min(PREFIX, n), PREFIX);
        in.skip(n - head.length);
        v = new PValue.Bytes(offset, n, head, bytearray);
      }
      listener.operand(v);
      return v;
    }

    /** Counts operand bytes kept in memory; past the budget only prefixes are kept. */
    private boolean retain(long n) {
      if (retained + n > budgets.maxOperandBytes()) return false;
      retained += n;
      return true;
    }

    private Seq seq(SeqKind kind, List<PValue> items) {
      Seq s = new Seq(kind, CONTAINER_CAP);
      for (PValue v : items) s.add(v);
      return s;
    }

    private void push(PValue v) {
      stack.add(v);
    }

    private int floor() {
      return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    }

    private PValue pop() {
      if (stack.size() <= floor()) throw new Underflow("stack underflow at " + in.position());
      return stack.remove(stack.size() - 1);
    }

    private PValue peek() {
      if (stack.size() <= floor()) throw new Underflow("empty stack at " + in.position());
      return stack.get(stack.size() - 1);
    }

    private List<PValue> popN(int n) {
      if (stack.size() - floor() < n) throw new Underflow("stack underflow at " + in.position());
      List<PValue> tail = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
      stack.subList(stack.size() - n, stack.size()).clear();
      return tail;
    }

    private List<PValue> popMark() {
      if (marks.isEmpty()) throw new Underflow("no MARK on the stack at " + in.position());
      int m = marks.remove(marks.size() - 1);
      List<PValue> items = new ArrayList<>(stack.subList(m, stack.size()));
      stack.subList(m, stack.size()).clear();
      return items;
    }
  }

  /** Stack underflow or missing MARK: CPython raises UnpicklingError here. */
  private static final class Underflow extends RuntimeException {
    Underflow(String message) {
      super(message, null, false, false);
    }
  }
}
