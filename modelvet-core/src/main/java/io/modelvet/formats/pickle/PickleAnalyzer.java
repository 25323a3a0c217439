package io.modelvet.formats.pickle;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.pickle.PValue.Call;
import io.modelvet.formats.pickle.PValue.CallKind;
import io.modelvet.formats.pickle.PValue.Global;
import io.modelvet.formats.pickle.PicklePolicy.Decision;
import io.modelvet.formats.pickle.PicklePolicy.Kind;
import io.modelvet.formats.common.Ubjson;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.SourceReader;
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
  private final LegacyTorch legacy = new LegacyTorch();
  private Severity worst;

  /** One referenced global and what happened to it. */
  private static final class Ref {
    final Global global;
    final Decision decision;
    int invoked;
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

  LegacyTorch legacy() {
    return legacy;
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
      boolean reconstruct = c.kind == CallKind.NEWOBJ || c.kind == CallKind.NEWOBJ_EX;
      if (ref.decision.kind() == Kind.ALLOWED) {
        checkAllowedArguments(c, ref.decision.allow());
      } else if (reconstruct) {
        ref.reconstructed++;
      } else {
        invoked(ref, c);
      }
      nested(c, g);
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
  public void persistent(PValue pid) {
    legacy.persistent(pid);
  }

  @Override
  public void build(long offset, PValue target, PValue state) {
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

  /** Nested payloads: a loader given bytes, or a decoder producing a pickle. */
  private void nested(Call c, Global g) {
    String kind = policy.loaderKind(g.module(), g.name());
    if (kind == null) return;
    byte[] data = kind.equals("loader") ? payload(c.arg(0), 0) : decode(c, 0);
    if (data == null || !looksLikePickle(data)) return;
    report("pickle.nested-pickle", c.offset,
        "The pickle " + (kind.equals("loader") ? "passes an embedded pickle to " + g.qualified() : "decodes an embedded pickle with " + g.qualified()) + ". Nesting hides the inner payload from scanners that only read the outer stream; the inner pickle is scanned as a member of this file.",
        PseudoCode.render(c));
    scanPayload("nested@" + c.offset, data);
  }

  /** Scans a payload once (the same bytes may be seen as data and again as a loader argument). */
  private void scanPayload(String name, byte[] data) {
    if (!scannedPayloads.add(data.length + ":" + java.util.Arrays.hashCode(data))) return;
    try {
      ctx.scanMember(name, new ArrayByteSource(data));
    } catch (IOException e) {
      ctx.inconclusive(name + " not scanned: " + e.getMessage());
    }
  }

  /**
   * Pickles hidden as plain data (raw bytes, base64 or hex strings) are not run by this load but
   * are a staged payload for a second loader: they are scanned as members and reported at MEDIUM.
   */
  @Override
  public void operand(PValue v) {
    byte[] data = null;
    String form = null;
    if (v instanceof PValue.Bytes b && b.prefix().length >= 8) {
      if (dataDocument(b)) return;
      if ((b.prefix()[0] & 0xff) == 0x80 && b.prefix()[1] >= 2 && b.prefix()[1] <= 5 && Protocol0Probe.hasProgram(b.prefix())) {
        data = payload(b, 0);
        form = "raw bytes";
      } else if (b.complete()) {
        data = hiddenProgram(b.prefix());
        form = "raw opcodes";
      }
    } else if (v instanceof PValue.Str s && s.complete() && s.length() >= 16) {
      String t = s.text();
      try {
        if (t.startsWith("gA") && t.length() <= PickleMachine.INLINE && t.matches("[A-Za-z0-9+/=\\s]+")) {
          data = Base64.getMimeDecoder().decode(t);
          form = "base64 text";
        } else if (t.length() % 2 == 0 && t.matches("(?i)800[2-5][0-9a-f]+")) {
          data = HexFormat.of().parseHex(t);
          form = "hex text";
        }
      } catch (IllegalArgumentException e) {
        data = null;
      }
    }
    if (data == null || !Protocol0Probe.hasProgram(data)) return;
    if (scannedPayloads.contains(data.length + ":" + java.util.Arrays.hashCode(data))) return;
    String name = "embedded-" + (++embedded);
    report("pickle.nested-pickle", Severity.MEDIUM, v instanceof PValue.Bytes b ? b.offset() : -1,
        "A pickle program is stored as " + form + " inside this pickle. Loading this file does not run it, but it is a staged payload for a second loader and hidden from scanners that read only the outer stream; it is scanned as member " + name + ".",
        PseudoCode.render(v));
    scanPayload(name, data);
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
   * frame-divergence trick makes the C unpickler execute an operand's content): the bytes from the
   * first position where a global reference starts and parses, or null.
   */
  private static byte[] hiddenProgram(byte[] d) {
    boolean newline = false;
    boolean stackGlobal = false;
    for (byte b : d) {
      newline |= b == '\n';
      stackGlobal |= (b & 0xff) == 0x93;
    }
    if (!newline && !stackGlobal) return null; // no GLOBAL/INST line and no STACK_GLOBAL: cannot import anything
    for (int i = 0; i < Math.min(d.length - 4, 64); i++) {
      int op = d[i] & 0xff;
      if (!(newline && (op == 'c' || op == 'i')) && !(stackGlobal && op == 0x8c)) continue;
      byte[] tail = java.util.Arrays.copyOfRange(d, i, d.length);
      if (Protocol0Probe.hasProgram(tail)) return tail;
    }
    return null;
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
    for (Ref r : refs.values()) {
      Global g = r.global;
      String shown = g.rawModule().equals(g.module()) && g.rawName().equals(g.name())
          ? g.qualified() : g.qualified() + " (written as " + g.rawModule() + "." + g.rawName() + ")";
      String uses = r.invoked > 0 ? " It is called " + r.invoked + " time(s) while loading." : r.reconstructed > 0 ? " It is instantiated " + r.reconstructed + " time(s) while loading." : " It is referenced while loading.";
      String evidence = r.evidence != null ? r.evidence : g.qualified();
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
