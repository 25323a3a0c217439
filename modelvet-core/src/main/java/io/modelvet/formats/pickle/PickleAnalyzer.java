package io.modelvet.formats.pickle;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.pickle.PValue.Call;
import io.modelvet.formats.pickle.PValue.CallKind;
import io.modelvet.formats.pickle.PValue.Global;
import io.modelvet.formats.pickle.PicklePolicy.Decision;
import io.modelvet.formats.common.PickleProgram;
import io.modelvet.formats.pickle.PicklePolicy.Kind;
import io.modelvet.formats.common.Ubjson;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.SourceReader;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns what the {@link PickleMachine} sees into findings under the default-deny {@link
 * PicklePolicy}: denied references at their deny severity, unknown callables invoked at load time
 * at MEDIUM (HIGH when the name suggests side effects), unknown classes that are only
 * reconstructed at LOW, plus nested pickles, extension codes and attribute overrides. Findings are
 * reported once per reference with a count, the evidence being the call as Python-like code.
 */
final class PickleAnalyzer implements PickleListener {
  private final ScanContext ctx;
  private final PicklePolicy policy;
  private final ByteSource source; // null when the stream is not seekable (decompressed joblib)
  private final boolean strict;
  private final Map<String, Ref> refs = new LinkedHashMap<>();
  private final java.util.Set<String> scannedPayloads = new java.util.HashSet<>();
  private int embedded;
  private final JoblibArrays joblib = new JoblibArrays();
  /** Filler bytes tolerated before opcodes hidden in an operand (docs/pickle.md bounds the false positives). */
  private static final int HIDDEN_WINDOW = 16;
  /** Staged candidates by value identity, in the order the stream produced them (reports are deterministic). */
  private final Map<Same, Staged> staged = new java.util.LinkedHashMap<>();

  /** A value compared by identity, for a map that also keeps insertion order. */
  private record Same(PValue value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Same other && other.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }
  /** What a getattr/attrgetter/methodcaller call returns, when it can be named. */
  private final Map<Call, Global> resolved = new java.util.IdentityHashMap<>();

  /** Bytes proven to be a pickle program, waiting to see whether an array reconstructor takes them. */
  private record Staged(byte[] data, String form, long offset, PickleProgram.Proof proof, String evidence) {}
  private final TorchStorages storages = new TorchStorages(this::report);
  private Severity worst;

  /** One referenced global and what happened to it. */
  private static final class Ref {
    final Global global;
    final Decision decision;
    int invoked;
    int harmless; // calls of a wrapper whose target and arguments were all allow-listed
    boolean tainted; // a use of this wrapper reached something not allow-listed
    int reconstructed;
    String evidence;
    long offset;

    Ref(Global g, Decision d) {
      this.global = g;
      this.decision = d;
      this.offset = g.offset();
    }
  }

  PickleAnalyzer(ScanContext ctx, PicklePolicy policy, ByteSource source) {
    this.ctx = ctx;
    this.policy = policy;
    this.source = source;
    this.strict = ctx.options().strict();
  }

  /** The torch storages and tensor views this stream declares. */
  TorchStorages storages() {
    return storages;
  }

  /** True once something at HIGH or above was found: the verdict no longer depends on the rest. */
  boolean decisive() {
    return worst != null && worst.compareTo(Severity.HIGH) >= 0;
  }

  private void report(String rule, Severity sev, long offset, String message, String evidence) {
    ctx.report(rule, sev, offset, message, evidence);
    worst = Severity.max(worst, sev);
  }

  private void report(String rule, long offset, String message, String evidence) {
    report(rule, io.modelvet.rules.RuleCatalog.rule(rule).severity(), offset, message, evidence);
  }

  @Override
  public void global(Global g) {
    ctx.addGlobal(g.qualified());
    if (g.extCode() >= 0) {
      report("pickle.ext-opcode", g.offset(),
          "The pickle names a callable by extension code " + g.extCode() + " (EXT opcode) instead of by name. The target depends on the loading process's copyreg registry, so it cannot be checked; CPython's registry is empty unless a library or an earlier payload filled it.",
          "EXT code " + g.extCode());
      return;
    }
    String key = g.qualified();
    if (!refs.containsKey(key)) refs.put(key, new Ref(g, policy.classify(g.module(), g.name())));
  }

  @Override
  public void opaqueGlobal(long offset, String why) {
    report("pickle.unknown-callable", Severity.CRITICAL, offset,
        "A STACK_GLOBAL takes its module or name from a value that cannot be resolved statically (" + why + "). Hiding the imported name this way is an evasion technique; the imported object can be anything, including os.system.",
        why);
  }

  @Override
  public void anomaly(String ruleId, long offset, String message, String evidence) {
    report(ruleId, offset, message, evidence);
  }

  @Override
  public void call(Call c) {
    storages.call(c);
    PValue callee = c.callee;
    if (callee instanceof Global g) {
      if (g.extCode() >= 0) {
        report("pickle.unknown-callable", Severity.HIGH, c.offset,
            "A callable fetched by extension code is invoked while loading; its identity depends on the loading process.",
            PseudoCode.render(c));
        return;
      }
      Ref ref = refs.get(g.qualified());
      if (ref == null) {
        global(g);
        ref = refs.get(g.qualified());
      }
      int arrayArg = policy.arrayDataArg(g.module(), g.name());
      if (arrayArg >= 0) release(c.arg(arrayArg));
      boolean reconstruct = c.kind == CallKind.NEWOBJ || c.kind == CallKind.NEWOBJ_EX;
      String wrapper = ref.decision.kind() == Kind.ALLOWED ? null : policy.wrapperKind(g.module(), g.name());
      if (wrapper != null && wrapped(c, wrapper)) {
        ref.invoked++;
        ref.harmless++;
        if (ref.evidence == null) ref.evidence = PseudoCode.render(c);
      } else if (ref.decision.kind() == Kind.ALLOWED) {
        checkAllowedArguments(c, ref.decision.allow());
      } else if (reconstruct) {
        ref.reconstructed++;
      } else {
        invoked(ref, c);
      }
      nested(c, g);
    } else if (callee instanceof Call inner && resolved.containsKey(inner)) {
      appliedWrapper(c, inner, resolved.get(inner));
    } else if (callee instanceof Call inner) {
      report("pickle.unknown-callable", Severity.HIGH, c.offset,
          "The pickle calls the result of another call while loading (" + PseudoCode.render(inner.callee) + " returns the callable). Model data never needs this; it is how attribute-fetching gadgets reach functions that are on no list.",
          PseudoCode.render(c));
    } else if (callee instanceof PValue.Opaque) {
      report("pickle.unknown-callable", Severity.CRITICAL, c.offset,
          "The pickle calls an object whose identity cannot be determined statically. Loading it runs code the scanner cannot see.",
          PseudoCode.render(c));
    } else if (!(callee instanceof PValue.Persistent)) {
      report("pickle.malformed", c.offset,
          "The pickle calls " + PseudoCode.describe(callee) + ", which is not callable; loading fails here after running everything before it.",
          PseudoCode.render(c));
    }
  }

  /**
   * Evaluates a wrapper call (wrappers.tsv). Returns true when what it wraps is allow-listed with
   * allow-listed or constant arguments; a denied or unknown target is counted as invoked by this
   * call, so it is reported at its own severity.
   */
  private boolean wrapped(Call c, String kind) {
    switch (kind) {
      case "partial", "apply" -> {
        if (!(c.arg(0) instanceof Global target)) return false;
        if (kind.equals("partial")) resolved.put(c, target);
        Ref t = refOf(target);
        if (t.decision.kind() != Kind.ALLOWED) {
          invoked(t, c);
          return false;
        }
        return harmlessArgs(c.args, 0, true) && harmlessArgs(c.kwargs, 0, false);
      }
      case "getattr" -> {
        if (!(c.arg(0) instanceof Global owner) || !(c.arg(1) instanceof PValue.Str attr) || !attr.complete()) return false;
        Global target = attribute(owner, attr.text(), c.offset);
        resolved.put(c, target);
        Ref t = refOf(target);
        return t.decision.kind() == Kind.ALLOWED;
      }
      case "attrgetter", "methodcaller" -> { // judged when applied: harmless only once it reaches an allow-listed attribute
        if (c.arg(0) instanceof PValue.Str attr && attr.complete() && harmlessArgs(c.args, 0, false))
          resolved.put(c, new Global("", attr.text(), "", attr.text(), c.offset, -1));
        return false;
      }
      case "itemgetter" -> {
        return harmlessArgs(c.args, 0, false);
      }
      default -> {
        return false;
      }
    }
  }

  /** A call of the callable a wrapper returned: getattr's attribute, or attrgetter/methodcaller applied to an object. */
  private void appliedWrapper(Call c, Call wrapper, Global target) {
    if (!target.module().isEmpty()) { // getattr(owner, 'name')(...) or partial(target, ...)(...)
      Ref t = refOf(target);
      if (t.decision.kind() == Kind.ALLOWED) {
        checkAllowedArguments(c, t.decision.allow());
      } else {
        invoked(t, c);
        taint(wrapper);
      }
      return;
    }
    if (c.arg(0) instanceof Global owner) { // attrgetter('name')(owner): a lookup; methodcaller also calls it
      Ref t = refOf(attribute(owner, target.name(), c.offset));
      if (t.decision.kind() != Kind.ALLOWED) {
        invoked(t, c);
        taint(wrapper);
      } else if (wrapper.callee instanceof Global g) {
        refOf(g).harmless++;
      }
      return;
    }
    taint(wrapper);
    report("pickle.unknown-callable", Severity.HIGH, c.offset,
        "The pickle applies " + PseudoCode.render(wrapper) + " to an object the scanner cannot identify; the attribute it reaches is unknown.",
        PseudoCode.render(c));
  }

  /** A wrapper whose result reached something not allow-listed is reported as the gadget it is. */
  private void taint(Call wrapper) {
    if (wrapper.callee instanceof Global g) refOf(g).tainted = true;
  }

  /** {@code owner.attr} as a global reference: a module attribute or a class attribute. */
  private Global attribute(Global owner, String attr, long offset) {
    Global g = new Global(owner.module(), owner.name() + "." + attr, owner.rawModule(), owner.rawName() + "." + attr, offset, -1);
    global(g);
    return g;
  }

  /** True when a value holds only literals, containers and allow-listed references and calls. */
  private boolean harmlessArgs(PValue v, int depth, boolean skipFirst) {
    if (v == null) return true;
    if (depth > 6) return false;
    if (v instanceof Global g) return refOf(g).decision.kind() == Kind.ALLOWED;
    if (v instanceof Call c) return c.callee instanceof Global g && refOf(g).decision.kind() == Kind.ALLOWED && harmlessArgs(c.args, depth + 1, false) && harmlessArgs(c.kwargs, depth + 1, false);
    if (v instanceof PValue.Opaque || v instanceof PValue.Persistent) return false;
    if (v instanceof PValue.Seq s) {
      for (int i = skipFirst ? 1 : 0; i < Math.min(s.items.size(), 256); i++) if (!harmlessArgs(s.items.get(i), depth + 1, false)) return false;
      return s.complete() || s.items.size() <= 256;
    }
    if (v instanceof PValue.Dict d) {
      for (int i = 0; i < Math.min(d.keys.size(), 256); i++)
        if (!harmlessArgs(d.keys.get(i), depth + 1, false) || !harmlessArgs(d.values.get(i), depth + 1, false)) return false;
      return true;
    }
    return true;
  }

  private void invoked(Ref ref, Call c) {
    ref.invoked++;
    if (ref.evidence == null) {
      ref.evidence = PseudoCode.render(c);
      ref.offset = c.offset;
    }
  }

  /** An allowed callable may invoke or construct one of its arguments: check that argument too. */
  private void checkAllowedArguments(Call c, PicklePolicy.AllowEntry allow) {
    if (allow.callsArg() >= 0 && c.arg(allow.callsArg()) instanceof Global target) {
      Ref r = refOf(target);
      if (r.decision.kind() != Kind.ALLOWED) invoked(r, c);
    }
    if (allow.constructsArg() >= 0 && c.arg(allow.constructsArg()) instanceof Global cls) {
      Ref r = refOf(cls);
      if (r.decision.kind() != Kind.ALLOWED) r.reconstructed++;
    }
  }

  private Ref refOf(Global g) {
    Ref r = refs.get(g.qualified());
    if (r == null) {
      global(g);
      r = refs.get(g.qualified());
    }
    return r;
  }

  @Override
  public void persistent(long offset, PValue pid) {
    storages.persistent(offset, pid);
  }

  @Override
  public void build(long offset, PValue target, PValue state) {
    if (target instanceof Call c && c.callee instanceof Global g && state instanceof PValue.Seq st) {
      int item = policy.arrayDataState(g.module(), g.name());
      if (item >= 0 && item < st.items.size()) release(st.items.get(item));
    }
    if (target instanceof Global g) {
      report("pickle.attribute-override", Severity.HIGH, offset,
          "BUILD sets attributes directly on " + g.qualified() + " (a module, class or function, not an instance). This overwrites shared interpreter state, e.g. replacing a function that the loader or a later global reference uses.",
          "vars(" + g.qualified() + ").update(" + PseudoCode.render(state) + ")");
    } else if (target instanceof PValue.Opaque) {
      report("pickle.attribute-override", Severity.HIGH, offset,
          "BUILD sets attributes on an object the scanner cannot identify.", PseudoCode.render(state));
    }
  }

  @Override
  public boolean afterBuild(PValue target, SourceReader reader, PickleMachine machine) throws IOException {
    return joblib.afterBuild(target, reader, machine, this);
  }

  /**
   * Nested payloads. Bytes handed to a loader are scanned and reported as today (HIGH, whatever
   * they hold). A decoder's output is data until a loader takes it: it becomes a staged candidate.
   */
  private void nested(Call c, Global g) {
    String kind = policy.loaderKind(g.module(), g.name());
    if (kind == null) return;
    if (kind.equals("decoder")) {
      byte[] data = decode(c, 0);
      if (data != null) stage(c, data, "the output of " + g.qualified(), c.offset, PickleProgram.prove(data));
      return;
    }
    byte[] data = payload(c.arg(0), 0);
    if (data == null || !looksLikePickle(data)) return;
    report("pickle.nested-pickle", c.offset,
        "The pickle passes an embedded pickle to " + g.qualified() + ". Nesting hides the inner payload from scanners that only read the outer stream; the inner pickle is scanned as a member of this file.",
        PseudoCode.render(c));
    scanPayload("nested@" + c.offset, data);
  }

  /** Scans a payload once (the same bytes may be seen as data and again as a loader argument). */
  private FileResult scanPayload(String name, byte[] data) {
    if (!scannedPayloads.add(data.length + ":" + java.util.Arrays.hashCode(data))) return null;
    try {
      return ctx.scanMember(name, new ArrayByteSource(data));
    } catch (IOException e) {
      ctx.inconclusive(name + " not scanned: " + e.getMessage());
      return null;
    }
  }

  /**
   * Pickles hidden as plain data (raw bytes, base64 or hex strings) are not run by this load but
   * may be a staged payload for a second loader. Only bytes proven to be a complete pickle program
   * ({@link PickleProgram}) become candidates; array data is released again when an array
   * reconstructor consumes it, and the rest is reported when the stream ends.
   */
  @Override
  public void operand(PValue v) {
    if (v instanceof PValue.Bytes b && b.prefix().length >= PickleProgram.MIN_OPS) {
      if (dataDocument(b)) return;
      if ((b.prefix()[0] & 0xff) == 0x80 && b.prefix()[1] >= 2 && b.prefix()[1] <= 5) {
        byte[] data = payload(b, 0);
        if (data != null) stage(v, data, "raw bytes", b.offset(), PickleProgram.prove(data));
      } else if (b.complete()) {
        hiddenProgram(v, b.prefix(), b.offset());
      }
    } else if (v instanceof PValue.Str s && s.complete() && s.length() >= 16) {
      String t = s.text();
      try {
        // cheap prefix tests first: most strings are neither (a regex per string was a tenth of a small pickle's scan)
        if (t.startsWith("gA") && t.length() <= PickleMachine.INLINE && t.matches("[A-Za-z0-9+/=\\s]+")) {
          byte[] data = Base64.getMimeDecoder().decode(t);
          stage(v, data, "base64 text", -1, PickleProgram.prove(data));
        } else if (t.length() % 2 == 0 && t.startsWith("800") && t.matches("(?i)800[2-5][0-9a-f]+")) {
          byte[] data = HexFormat.of().parseHex(t);
          stage(v, data, "hex text", -1, PickleProgram.prove(data));
        }
      } catch (IllegalArgumentException e) {
        // not valid base64/hex: plain text
      }
    }
  }

  /** A proven program becomes a staged candidate; unproven bytes are data. */
  private void stage(PValue v, byte[] data, String form, long offset, PickleProgram.Proof proof) {
    if (proof != null) staged.put(new Same(v), new Staged(data, form, offset, proof, PseudoCode.render(v)));
  }

  /** Array data (array-data.tsv) is never a staged payload. */
  private void release(PValue v) {
    if (v != null) staged.remove(new Same(v));
  }

  /** Reports the staged candidates no array reconstructor consumed, with what their program does. */
  private void reportStaged() {
    for (Staged s : staged.values()) {
      if (scannedPayloads.contains(s.data.length + ":" + java.util.Arrays.hashCode(s.data))) continue;
      String name = "embedded-" + (++embedded);
      FileResult inner = scanPayload(name, s.data);
      boolean acts = inner != null && inner.worst() != null && inner.worst().atLeast(Severity.MEDIUM);
      String trailer = s.proof.trailer() > 0 ? " " + s.proof.trailer() + " byte(s) follow its STOP."
          : s.proof.trailer() < 0 ? " It has no STOP of its own: a loader tricked into executing the operand (frame divergence) runs it as part of this stream." : "";
      String program = "a complete pickle program (" + s.proof.ops() + " opcodes" + (s.proof.protocol() >= 0 ? ", protocol " + s.proof.protocol() : ", no protocol header") + ")";
      if (acts) {
        report("pickle.nested-pickle", Severity.MEDIUM, s.offset,
            "The " + s.form + " inside this pickle hold " + program + " that imports or calls code (see member " + name + "). Loading this file does not run it, but it is a staged payload for a second loader, hidden from scanners that read only the outer stream." + trailer,
            s.evidence);
      } else {
        report("pickle.nested-pickle", Severity.LOW, s.offset,
            "Staged pickle holding plain data: the " + s.form + " inside this pickle hold " + program + " that only rebuilds allow-listed data (scanned as member " + name + "). Loading this file does not run it." + trailer,
            s.evidence);
      }
    }
    staged.clear();
  }

  /**
   * A bytes operand that is exactly one well-formed UBJSON object (the model buffer a pickled
   * XGBoost booster carries in its state) is data for the class that receives it, not a hidden
   * pickle program: it is scanned as a member so that its own format's checks run, and it is not
   * reported. Opcodes hidden by frame divergence are caught by the machine itself.
   */
  private boolean dataDocument(PValue.Bytes b) {
    if (b.prefix()[0] != '{') return false;
    byte[] data = payload(b, 0);
    if (data == null || !Ubjson.isObjectDocument(data, 8_000_000)) return false;
    scanPayload("embedded-" + (++embedded) + ".ubj", data);
    return true;
  }

  /** The bytes a value stands for, if they can be recovered within budget. */
  private byte[] payload(PValue v, int depth) {
    if (depth > 4 || v == null) return null;
    if (v instanceof PValue.Bytes b) {
      if (b.complete()) return b.prefix();
      if (source == null || b.offset() < 0 || b.length() > ctx.budgets().maxOperandBytes()) return null;
      try {
        return source.readFully(b.offset(), (int) b.length());
      } catch (IOException e) {
        return null;
      }
    }
    if (v instanceof PValue.Str s && s.complete()) return s.text().getBytes(StandardCharsets.ISO_8859_1);
    if (v instanceof Call c && c.callee instanceof Global g && policy.loaderKind(g.module(), g.name()) != null)
      return decode(c, depth + 1);
    return null;
  }

  private byte[] decode(Call c, int depth) {
    if (!(c.callee instanceof Global g)) return null;
    byte[] in = payload(c.arg(0), depth + 1);
    if (in == null) return null;
    String fn = g.module() + "." + g.name();
    String codec = c.arg(1) instanceof PValue.Str s ? s.text().toLowerCase(java.util.Locale.ROOT) : "";
    try {
      if (fn.contains("b64") || fn.contains("base64") || fn.endsWith("decodebytes") || fn.endsWith("decodestring")
          || (fn.equals("codecs.decode") && codec.startsWith("base64"))) {
        String text = new String(in, StandardCharsets.ISO_8859_1).replaceAll("\\s", "");
        return fn.contains("urlsafe") ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
      }
      if (fn.contains("hex") || (fn.equals("codecs.decode") && codec.startsWith("hex"))) {
        return HexFormat.of().parseHex(new String(in, StandardCharsets.ISO_8859_1).replaceAll("\\s", ""));
      }
      if (fn.equals("_codecs.encode") || fn.endsWith("BytesIO")) return in;
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  /**
   * A program of pickle opcodes hidden in a bytes operand, possibly after a few filler bytes (a
   * frame-divergence trick makes the C unpickler execute an operand's content): proven from the
   * first of the first {@value #HIDDEN_WINDOW} positions where an import by name starts.
   */
  private void hiddenProgram(PValue v, byte[] d, long offset) {
    for (int i = 0; i < Math.min(d.length - 4, HIDDEN_WINDOW); i++) {
      int op = d[i] & 0xff;
      if (op != 'c' && op != 'i' && op != 0x8c) continue;
      PickleProgram.Proof proof = PickleProgram.proveHeaderless(d, i);
      if (proof != null) {
        stage(v, java.util.Arrays.copyOfRange(d, i, d.length), "raw opcodes", offset, proof);
        return;
      }
    }
  }

  private static boolean isFunctionName(String name) {
    String last = name.substring(name.lastIndexOf('.') + 1);
    boolean dunder = last.length() > 4 && last.startsWith("__") && last.endsWith("__");
    return !last.isEmpty() && !dunder && !Character.isUpperCase(last.charAt(0));
  }

  static boolean looksLikePickle(byte[] d) {
    return d.length >= 2 && (d[0] & 0xff) == 0x80 && d[1] >= 0 && d[1] <= 5
        || d.length >= 1 && PickleScanner.plausibleProtocol0(d, 0);
  }

  /** Reports every referenced global once, by how it was used. Call after the last stream. */
  void finish() {
    reportStaged();
    for (Ref r : refs.values()) {
      Global g = r.global;
      String shown = g.rawModule().equals(g.module()) && g.rawName().equals(g.name())
          ? g.qualified() : g.qualified() + " (written as " + g.rawModule() + "." + g.rawName() + ")";
      String uses = r.invoked > 0 ? " It is called " + r.invoked + " time(s) while loading." : r.reconstructed > 0 ? " It is instantiated " + r.reconstructed + " time(s) while loading." : " It is referenced while loading.";
      String evidence = r.evidence != null ? r.evidence : g.qualified();
      if (r.invoked > 0 && r.harmless >= r.invoked && !r.tainted && r.reconstructed == 0) {
        report("pickle.wrapped-call", r.offset,
            shown + " wraps only allow-listed callables here (called " + r.invoked + " time(s)): its target and arguments were reconstructed and are on the allow-list, so loading runs nothing beyond them.",
            evidence);
        continue;
      }
      switch (r.decision.kind()) {
        case DENIED -> {
          PicklePolicy.DenyEntry d = r.decision.deny();
          String rule = switch (d.category()) {
            case "code-object" -> "pickle.code-object";
            case "tamper" -> "pickle.scanner-tampering";
            default -> "pickle.denied-callable";
          };
          Severity sev = d.severity();
          if (d.category().equals("decode") && r.invoked == 0) sev = Severity.LOW;
          report(rule, sev, r.offset,
              shown + " is denied (" + d.display() + "): " + d.reason() + "." + uses
                  + " Unpickling imports and can run it with attacker-chosen arguments.",
              evidence);
        }
        case UNKNOWN -> {
          if (r.invoked > 0) {
            boolean smelly = policy.smells(g.name());
            Severity sev = strict || smelly ? Severity.HIGH : Severity.MEDIUM;
            report("pickle.unknown-callable", sev, r.offset,
                shown + " is on no allow-list and is called while loading." + (smelly ? " Its name suggests side effects (running, loading, opening, fetching or writing)." : "")
                    + " Unpickling runs it with the arguments shown; default-deny treats every unlisted callable as untrusted code.",
                evidence);
          } else if (r.reconstructed == 0 && isFunctionName(g.name()) && policy.smells(g.name())) {
            report("pickle.unknown-global", strict ? Severity.HIGH : Severity.MEDIUM, r.offset,
                shown + " is on no allow-list and looks like a function with side effects. It is imported but not called by this stream; as a value it can still reach a later call (a callback, a factory, a second-stage loader).",
                evidence);
          } else {
            report("pickle.unknown-global", strict ? Severity.HIGH : Severity.LOW, r.offset,
                shown + " is on no allow-list." + uses + (r.reconstructed > 0 ? " Instances are rebuilt from plain state, which is how ordinary classes pickle; review it if the package is not one you use." : " Review it if the package is not one you use."),
                evidence);
          }
        }
        case ALLOWED -> {}
      }
    }
  }
}
