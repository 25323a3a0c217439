package io.modelvet.formats.pickle;

import java.util.ArrayList;
import java.util.List;

/**
 * A symbolic value on the pickle machine's stack. Nothing is imported or called: globals stay
 * names, calls stay call nodes with their callee and arguments, and large operands keep only their
 * length, offset and first bytes. Containers hold references, so DUP or GET of a huge container
 * never copies it.
 */
public sealed interface PValue {

  /** Marks an opening MARK on the stack (only used inside the machine). */
  record Mark() implements PValue {}

  /** None, True/False, a large int (rendered text). */
  record Scalar(String text) implements PValue {}

  /** A float; rendered only when evidence shows it (models and data pickles hold many). */
  record Real(double value) implements PValue {}

  /** An integer whose value is known and small enough to use (shapes, memo keys, sizes). */
  record Int(long value) implements PValue {}

  /**
   * A str operand. {@code text} is the full value when {@code complete}, otherwise its first
   * characters.
   */
  record Str(String text, long length, boolean complete) implements PValue {}

  /**
   * A bytes/bytearray operand at {@code offset} in the source with {@code length} bytes; {@code
   * prefix} holds the first bytes (all of them when short). {@code offset} is -1 for decoded bytes.
   */
  record Bytes(long offset, long length, byte[] prefix, boolean bytearray) implements PValue {
    public boolean complete() {
      return prefix.length == length;
    }
  }

  /** A reference to {@code module.name} made by GLOBAL, STACK_GLOBAL, INST or an EXT code. */
  record Global(String module, String name, String rawModule, String rawName, long offset, int extCode)
      implements PValue {
    public String qualified() {
      return module + "." + name;
    }
  }

  /** A callable whose identity cannot be known statically (wrong-typed or unresolved operand). */
  record Opaque(String description) implements PValue {}

  /** What made a call node. */
  enum CallKind {
    REDUCE,
    NEWOBJ,
    NEWOBJ_EX,
    OBJ,
    INST
  }

  /** The result of calling {@code callee} with {@code args} (a tuple value) at {@code offset}. */
  final class Call implements PValue {
    public final PValue callee;
    public final PValue args;
    public final PValue kwargs;
    public final CallKind kind;
    public final long offset;
    /** State given by BUILD, if any (the last one wins, as in Python). */
    public PValue state;

    public Call(PValue callee, PValue args, PValue kwargs, CallKind kind, long offset) {
      this.callee = callee;
      this.args = args;
      this.kwargs = kwargs;
      this.kind = kind;
      this.offset = offset;
    }

    /** Positional argument {@code i}, or null. */
    public PValue arg(int i) {
      return args instanceof Seq s && i < s.items.size() ? s.items.get(i) : null;
    }
  }

  /** A persistent id (PERSID/BINPERSID): resolved by the loader, e.g. torch storages. */
  record Persistent(PValue pid) implements PValue {}

  /** An out-of-band buffer (NEXT_BUFFER), supplied by the caller at load time. */
  record Buffer(boolean readonly) implements PValue {}

  /** Sequence kinds. */
  enum SeqKind {
    LIST,
    TUPLE,
    SET,
    FROZENSET
  }

  /**
   * A list, tuple or set. Keeps at most {@code cap} items (a reference each) and counts the rest,
   * so hostile inputs cannot grow memory beyond the cap per container.
   */
  final class Seq implements PValue {
    public final SeqKind kind;
    public final List<PValue> items = new ArrayList<>();
    public long size;
    private final int cap;

    public Seq(SeqKind kind, int cap) {
      this.kind = kind;
      this.cap = cap;
    }

    public void add(PValue v) {
      if (items.size() < cap) items.add(v);
      size++;
    }

    public boolean complete() {
      return items.size() == size;
    }
  }

  /** A dict; keeps at most {@code cap} entries. */
  final class Dict implements PValue {
    public final List<PValue> keys = new ArrayList<>();
    public final List<PValue> values = new ArrayList<>();
    public long size;
    private final int cap;

    public Dict(int cap) {
      this.cap = cap;
    }

    public void put(PValue k, PValue v) {
      if (keys.size() < cap) {
        keys.add(k);
        values.add(v);
      }
      size++;
    }

    /** The value for a str key, or null. */
    public PValue get(String key) {
      for (int i = keys.size() - 1; i >= 0; i--)
        if (keys.get(i) instanceof Str s && s.complete() && s.text().equals(key)) return values.get(i);
      return null;
    }
  }
}
