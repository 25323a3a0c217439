package io.modelvet.formats.rdata;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.ReviewedData;
import io.modelvet.io.MalformedException;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks one R serialization stream item by item, as R's {@code ReadItem} would, without building
 * R objects or evaluating anything. It keeps only what the checks need: symbol names, short
 * strings and the structure of language objects (calls) for evidence. It reports promises
 * (code that runs when the loaded value is touched, CVE-2024-27322), closures and byte code (code
 * that runs when called), active bindings, and calls to the functions in
 * {@code rdata/dangerous-calls.tsv}, ranked by where they sit: in a promise they run on load.
 */
final class RUnserializer {
  // SEXP types (Rinternals.h) and the serialization pseudo-types (serialize.c).
  static final int NILSXP = 0, SYMSXP = 1, LISTSXP = 2, CLOSXP = 3, ENVSXP = 4, PROMSXP = 5, LANGSXP = 6,
      SPECIALSXP = 7, BUILTINSXP = 8, CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14, CPLXSXP = 15,
      STRSXP = 16, DOTSXP = 17, VECSXP = 19, EXPRSXP = 20, BCODESXP = 21, EXTPTRSXP = 22, WEAKREFSXP = 23,
      RAWSXP = 24, S4SXP = 25;
  static final int REFSXP = 255, NILVALUE_SXP = 254, GLOBALENV_SXP = 253, UNBOUNDVALUE_SXP = 252,
      MISSINGARG_SXP = 251, BASENAMESPACE_SXP = 250, NAMESPACESXP = 249, PACKAGESXP = 248, PERSISTSXP = 247,
      CLASSREFSXP = 246, GENERICREFSXP = 245, BCREPDEF = 244, BCREPREF = 243, EMPTYENV_SXP = 242,
      BASEENV_SXP = 241, ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP_SXP = 238;

  private static final int IS_OBJECT = 1 << 8, HAS_ATTR = 1 << 9, HAS_TAG = 1 << 10;
  /** The active-binding bit of a frame cell's general-purpose field (Defn.h ACTIVE_BINDING_MASK). */
  private static final int ACTIVE_BINDING = 1 << 15;
  /** Nesting of items (R itself limits recursion by C stack); deeper input is inconclusive. */
  static final int MAX_DEPTH = 2000;
  /** Language nodes retained for evidence; past this, structure is dropped (still checked). */
  private static final int MAX_RETAINED = 200_000;
  private static final int REPORTS_PER_RULE = 20;

  static final Map<String, String> DANGEROUS = load();

  /** What a read item is, as far as the checks need. */
  sealed interface Value permits Sym, Chars, Cell, Other {}

  record Sym(String name) implements Value {}

  record Chars(String text) implements Value {}

  /** A cons cell (pairlist, call, closure, promise). */
  record Cell(int type, Value tag, Value car, Value cdr) implements Value {}

  record Other(int type) implements Value {}

  private static final Other NIL = new Other(NILSXP);
  private static final Other UNBOUND = new Other(UNBOUNDVALUE_SXP);
  private static final Other DROPPED = new Other(-1);

  /** Where an item sits: plain data, inside a closure or byte code, or inside a promise. */
  private enum Where { DATA, FUNCTION, PROMISE }

  private final ScanContext ctx;
  private final RInput in;
  private final CappedReports out;
  private final List<Value> refs = new ArrayList<>();
  private final long maxItems;
  private long items;
  private int depth;
  private int retained;
  private int promises;
  private int dangerousCalls;
  private int closures;
  private int promiseDepth;
  private int functionDepth;

  RUnserializer(ScanContext ctx, RInput in) {
    this.ctx = ctx;
    this.in = in;
    this.out = new CappedReports(ctx, REPORTS_PER_RULE);
    this.maxItems = ctx.budgets().maxPickleOps(); // the per-stream operation budget
  }

  int closures() {
    return closures;
  }

  int promises() {
    return promises;
  }

  /** Reads one complete item (the whole object graph of an .rds, the binding list of an .RData). */
  Value readItem() throws IOException {
    if (++items > maxItems) throw new BudgetExceededException("more than " + maxItems + " R items");
    if ((items & 0xfff) == 0) ctx.checkDeadline();
    if (++depth > MAX_DEPTH) throw new BudgetExceededException("R objects nested deeper than " + MAX_DEPTH + " levels");
    try {
      return item(in.readInt());
    } finally {
      depth--;
    }
  }

  private Value item(int flags) throws IOException {
    int type = flags & 0xff;
    int levels = flags >>> 12;
    boolean hasAttr = (flags & HAS_ATTR) != 0;
    boolean hasTag = (flags & HAS_TAG) != 0;
    switch (type) {
      case NILVALUE_SXP: return NIL;
      case EMPTYENV_SXP, BASEENV_SXP, GLOBALENV_SXP, MISSINGARG_SXP, BASENAMESPACE_SXP: return new Other(type);
      case UNBOUNDVALUE_SXP: return UNBOUND;
      case REFSXP: {
        int index = flags >>> 8;
        if (index == 0) index = in.readInt();
        if (index < 1 || index > refs.size()) throw new MalformedException("reference " + index + " to an object not read yet at " + in.position());
        return refs.get(index - 1);
      }
      case PERSISTSXP: {
        Value v = stringVector();
        refs.add(v);
        return v;
      }
      case SYMSXP: {
        Value name = readItem();
        Sym s = new Sym(name instanceof Chars c ? c.text() : "?");
        refs.add(s);
        return s;
      }
      case PACKAGESXP, NAMESPACESXP: {
        Other o = new Other(type);
        refs.add(o);
        stringVector();
        return o;
      }
      case ENVSXP: {
        Other env = new Other(ENVSXP);
        refs.add(env);
        in.readInt(); // locked
        readItem(); // enclosing environment
        readItem(); // frame: a pairlist of bindings
        readItem(); // hash table: a list of frames
        readItem(); // attributes
        return env;
      }
      case LISTSXP, LANGSXP, CLOSXP, PROMSXP, DOTSXP:
        return cells(type, levels, hasAttr, hasTag);
      case ALTREP_SXP: {
        readItem(); // class info
        readItem(); // state
        readItem(); // attributes
        return new Other(type);
      }
      case CLASSREFSXP, GENERICREFSXP:
        throw new MalformedException("R stream uses a reference type R itself cannot read (" + type + ")");
      default:
        break;
    }
    Value v;
    switch (type) {
      case EXTPTRSXP -> {
        v = new Other(type);
        refs.add(v);
        readItem();
        readItem();
      }
      case WEAKREFSXP -> {
        v = new Other(type);
        refs.add(v);
      }
      case SPECIALSXP, BUILTINSXP -> v = new Sym(in.readString(checkedLength(in.readInt())));
      case CHARSXP -> {
        int n = in.readInt();
        v = n == -1 ? new Chars(null) : new Chars(in.readString(checkedLength(n)));
      }
      case LGLSXP, INTSXP -> {
        in.skipNumbers(in.readLength(), 4);
        v = new Other(type);
      }
      case REALSXP -> {
        in.skipNumbers(in.readLength(), 8);
        v = new Other(type);
      }
      case CPLXSXP -> {
        in.skipNumbers(in.readLength(), 16);
        v = new Other(type);
      }
      case STRSXP -> {
        long n = in.readLength();
        Value first = null;
        for (long i = 0; i < n; i++) {
          Value s = readItem();
          if (i == 0) first = s;
        }
        v = n == 1 && first instanceof Chars ? first : new Other(type);
      }
      case VECSXP, EXPRSXP -> {
        long n = in.readLength();
        for (long i = 0; i < n; i++) readItem();
        v = new Other(type);
      }
      case BCODESXP -> {
        int reps = in.readInt();
        if (reps < 0 || reps > maxItems) throw new MalformedException("byte code with " + reps + " shared cells at " + in.position());
        functionDepth++;
        try {
          v = byteCode(new Value[Math.min(reps, 1 << 16)]);
        } finally {
          functionDepth--;
        }
      }
      case RAWSXP -> {
        in.skipRaw(in.readLength());
        v = new Other(type);
      }
      case S4SXP -> v = new Other(type);
      default -> throw new MalformedException("unknown R object type " + type + " at " + in.position());
    }
    if (hasAttr) readItem();
    return v;
  }

  private static int checkedLength(int n) throws MalformedException {
    if (n < 0) throw new MalformedException("negative string length " + n);
    return n;
  }

  /** R's InStringVec: a zero, a length, then that many items. */
  private Value stringVector() throws IOException {
    if (in.readInt() != 0) throw new MalformedException("names vector without its leading zero at " + in.position());
    int n = in.readInt();
    if (n < 0) throw new MalformedException("negative names count at " + in.position());
    Value first = NIL;
    for (int i = 0; i < n; i++) {
      Value v = readItem();
      if (i == 0) first = v;
    }
    return first;
  }

  /**
   * A chain of cons cells. The cdr of a pairlist is read in a loop (long lists do not recurse); a
   * closure's or promise's parts are read with the context they run in.
   */
  private Value cells(int type, int levels, boolean hasAttr, boolean hasTag) throws IOException {
    if (type == CLOSXP || type == PROMSXP) {
      if (hasAttr) readItem();
      return codeCell(type, hasTag ? readItem() : NIL);
    }
    List<Object[]> chain = new ArrayList<>(); // {type, tag, car}
    Value tail;
    while (true) {
      if (hasAttr) readItem();
      Value tag = hasTag ? readItem() : NIL;
      if ((levels & ACTIVE_BINDING) != 0 && type == LISTSXP) activeBinding(tag);
      Value car = readItem();
      chain.add(new Object[] {type, tag, car});
      int flags = in.readInt();
      int next = flags & 0xff;
      if (next != LISTSXP && next != DOTSXP) {
        if (++items > maxItems) throw new BudgetExceededException("more than " + maxItems + " R items");
        tail = item(flags);
        break;
      }
      if (++items > maxItems) throw new BudgetExceededException("more than " + maxItems + " R items");
      if ((items & 0xfff) == 0) ctx.checkDeadline();
      type = next;
      levels = flags >>> 12;
      hasAttr = (flags & HAS_ATTR) != 0;
      hasTag = (flags & HAS_TAG) != 0;
    }
    Value v = tail;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Object[] c = chain.get(i);
      v = keep((int) c[0], (Value) c[1], (Value) c[2], v);
    }
    if (v instanceof Cell call && call.type() == LANGSXP) checkCall(call);
    return v;
  }

  /** A closure (environment, formals, body) or promise (environment, value, code). */
  private Value codeCell(int type, Value env) throws IOException {
    boolean promise = type == PROMSXP;
    boolean topLevel = depth <= 2; // the object itself or a binding of a saved workspace
    int dangerousBefore = dangerousCalls;
    if (promise) promiseDepth++;
    else functionDepth++;
    try {
      Value first = readItem(); // formals, or the promise's value
      Value code = readItem(); // body, or the promise's expression
      if (promise) promise(first != UNBOUND, topLevel, dangerousCalls > dangerousBefore, code);
      else closures++;
      return keep(type, env, first, code);
    } finally {
      if (promise) promiseDepth--;
      else functionDepth--;
    }
  }

  /**
   * Promises whose expression is a constant or a symbol (unforced arguments captured in a
   * function's environment, as in every glm family) run nothing and are not reported. A call is
   * code: CRITICAL when the promise is the loaded object itself or a workspace binding (the
   * CVE-2024-27322 shape) or when it calls a dangerous function, MEDIUM when it is buried in an
   * environment, LOW once evaluated.
   */
  private void promise(boolean forced, boolean topLevel, boolean dangerous, Value code) {
    if (!(code instanceof Cell c && c.type() == LANGSXP)) return;
    promises++;
    Severity sev = forced ? Severity.LOW : topLevel || dangerous ? Severity.CRITICAL : Severity.MEDIUM;
    String msg = forced
        ? "The stream holds a promise that was already evaluated; its code is kept with the value but does not run again when loaded."
        : topLevel
            ? "The loaded object is an unevaluated promise: R runs its code as soon as the object is used after readRDS/load (CVE-2024-27322; R 4.4.0 and later refuse it)."
            : "The stream holds an unevaluated promise inside an environment: R runs its code when that variable is first used"
                + (dangerous ? ", and the code calls a dangerous function." : ".");
    out.report("rdata.promise", sev, in.position(), msg, Deparse.of(code));
  }

  private void activeBinding(Value tag) {
    out.report("rdata.active-binding", in.position(),
        "An environment in the stream has an active binding '" + Deparse.of(tag) + "': reading that variable calls a function instead of returning a value.",
        Deparse.of(tag));
  }

  /** R's ReadBC1: the code vector, then the constant pool (which holds the source expressions). */
  private Value byteCode(Value[] reps) throws IOException {
    readItem(); // the instructions (an integer vector)
    int n = in.readInt();
    if (n < 0) throw new MalformedException("negative byte-code constant count at " + in.position());
    for (int i = 0; i < n; i++) {
      int type = in.readInt();
      switch (type) {
        case BCODESXP -> byteCode(reps);
        case LANGSXP, LISTSXP, BCREPDEF, BCREPREF, ATTRLANGSXP, ATTRLISTSXP -> byteCodeLanguage(type, reps);
        default -> readItem();
      }
    }
    return new Other(BCODESXP);
  }

  /** R's ReadBCLang: language objects in byte code, with shared cells defined once and referenced. */
  private Value byteCodeLanguage(int type, Value[] reps) throws IOException {
    if (++depth > MAX_DEPTH) throw new BudgetExceededException("R byte code nested deeper than " + MAX_DEPTH + " levels");
    if (++items > maxItems) throw new BudgetExceededException("more than " + maxItems + " R items");
    try {
      switch (type) {
        case BCREPREF: {
          int i = in.readInt();
          if (i < 0 || i >= reps.length) throw new MalformedException("byte-code reference " + i + " out of range at " + in.position());
          return reps[i] == null ? DROPPED : reps[i];
        }
        case BCREPDEF, LANGSXP, LISTSXP, ATTRLANGSXP, ATTRLISTSXP: {
          int pos = -1;
          if (type == BCREPDEF) {
            pos = in.readInt();
            type = in.readInt();
            if (pos < 0 || pos >= reps.length) throw new MalformedException("byte-code definition " + pos + " out of range at " + in.position());
          }
          boolean hasAttr = type == ATTRLANGSXP || type == ATTRLISTSXP;
          if (type == ATTRLANGSXP) type = LANGSXP;
          else if (type == ATTRLISTSXP) type = LISTSXP;
          if (type != LANGSXP && type != LISTSXP) throw new MalformedException("bad byte-code language type " + type + " at " + in.position());
          if (hasAttr) readItem();
          Value tag = readItem();
          Value car = byteCodeLanguage(in.readInt(), reps);
          Value cdr = byteCodeLanguage(in.readInt(), reps);
          Value cell = keep(type, tag, car, cdr);
          if (pos >= 0) reps[pos] = cell;
          if (cell instanceof Cell c && type == LANGSXP) checkCall(c);
          return cell;
        }
        default:
          return readItem();
      }
    } finally {
      depth--;
    }
  }

  private Value keep(int type, Value tag, Value car, Value cdr) {
    if (++retained > MAX_RETAINED) return DROPPED;
    return new Cell(type, tag, car, cdr);
  }

  private void checkCall(Cell call) {
    String fn = Deparse.functionName(call);
    if (fn == null) return;
    String bare = fn.contains("::") ? fn.substring(fn.lastIndexOf(':') + 1) : fn;
    String reason = DANGEROUS.get(bare);
    if (reason == null) return;
    dangerousCalls++;
    Where where = promiseDepth > 0 ? Where.PROMISE : functionDepth > 0 ? Where.FUNCTION : Where.DATA;
    Severity sev = switch (where) {
      case PROMISE -> Severity.CRITICAL;
      case FUNCTION -> Severity.HIGH;
      case DATA -> Severity.MEDIUM;
    };
    String when = switch (where) {
      case PROMISE -> "inside a promise, so it runs as soon as the loaded object is used";
      case FUNCTION -> "inside a function stored in the file, so it runs when that function is called (for example by predict or print methods)";
      case DATA -> "in a stored language object, which runs only if something evaluates it";
    };
    out.report("rdata.dangerous-call", sev, in.position(), "Call to " + fn + " (" + reason + ") " + when + ". Nothing was evaluated.", Deparse.of(call));
  }

  private static Map<String, String> load() {
    Map<String, String> m = new HashMap<>();
    for (String[] r : ReviewedData.load("/io/modelvet/rdata/dangerous-calls.tsv", 2)) m.put(r[0], r[1]);
    return Map.copyOf(m);
  }
}
