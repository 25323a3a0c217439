package io.modelvet.formats.common.python;

import io.modelvet.formats.common.ReviewedData;
import io.modelvet.formats.common.python.PythonTokenizer.Kind;
import io.modelvet.formats.common.python.PythonTokenizer.Line;
import io.modelvet.formats.common.python.PythonTokenizer.Token;
import io.modelvet.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Heuristic static analysis of Python source: which dangerous calls ({@code python-calls.tsv})
 * it makes, whether each runs when the module is imported (module level, class bodies, default
 * argument values) or only inside a function, which risky modules it imports, and whether it
 * decodes data and executes it. Import aliases are resolved ({@code import subprocess as sp},
 * {@code from os import system}), as are {@code __import__('os').system} and {@code
 * getattr(os, 'system')}. No Python is run and no full parse is attempted, so results are
 * indicators for review, not proof.
 */
public final class PythonCodeAnalyzer {
  private static final String DATA = "/io/modelvet/huggingface/";
  private static final List<CallRule> RULES = loadRules();
  private static final Set<String> RISKY_IMPORTS = loadRiskyImports();
  private static final Set<String> BUILTINS = Set.of("eval", "exec", "compile", "__import__", "open", "getattr");

  /** A reviewed dangerous call pattern. */
  public record CallRule(String pattern, Severity importTime, Severity inFunction, String category, String reason) {
    boolean matches(String call) {
      return pattern.endsWith("*") ? call.startsWith(pattern.substring(0, pattern.length() - 1)) : call.equals(pattern);
    }
  }

  /** A dangerous call seen in the source. */
  public record Call(String target, CallRule rule, int line, boolean importTime, String statement) {
    public Severity severity() {
      return importTime ? rule.importTime() : rule.inFunction();
    }
  }

  /** A statement that decodes data and executes the result. */
  public record DecodeExec(int line, boolean importTime, String statement) {}

  /** Everything found in one source. */
  public record Analysis(List<Call> calls, List<String> riskyImports, List<DecodeExec> decodeExec) {
    /** The most severe call, or null. */
    public Severity worst() {
      Severity w = decodeExec.isEmpty() ? null : Severity.CRITICAL;
      for (Call c : calls) w = Severity.max(w, c.severity());
      return w;
    }
  }

  private enum Block {
    FUNCTION,
    CLASS,
    MAIN_GUARD
  }

  private record Open(int indent, Block block) {}

  private final Map<String, String> aliases = new HashMap<>();
  private final List<String> starModules = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final Set<String> riskyImports = new LinkedHashSet<>();
  private final List<DecodeExec> decodeExec = new ArrayList<>();

  private PythonCodeAnalyzer() {}

  /** Analyses {@code source}; never throws on odd input. */
  public static Analysis analyze(String source) {
    PythonCodeAnalyzer a = new PythonCodeAnalyzer();
    a.run(PythonTokenizer.lines(source), source);
    return new Analysis(List.copyOf(a.calls), List.copyOf(a.riskyImports), List.copyOf(a.decodeExec));
  }

  private void run(List<Line> lines, String source) {
    String[] physical = source.split("\r\n|\r|\n", -1);
    Deque<Open> open = new ArrayDeque<>();
    for (Line l : lines) {
      while (!open.isEmpty() && open.peek().indent() >= l.indent()) open.pop();
      boolean inFunction = open.stream().anyMatch(o -> o.block() != Block.CLASS);
      List<Token> t = l.tokens();
      String statement = excerpt(physical, l.number());
      int bodyFrom = t.size();
      Block opens = null;
      int first = t.get(0).is("async") && t.size() > 1 ? 1 : 0;
      if (t.get(first).is("def")) {
        opens = Block.FUNCTION;
        bodyFrom = signatureEnd(t, first);
      } else if (t.get(0).is("class")) {
        opens = Block.CLASS;
      } else if (isMainGuard(t)) {
        opens = Block.MAIN_GUARD;
      } else if (t.get(0).is("import") || t.get(0).is("from")) {
        recordImport(t);
      }
      List<Call> here = new ArrayList<>();
      scanCalls(t, 0, Math.min(bodyFrom, t.size()), !inFunction && opens != Block.MAIN_GUARD, l.number(), statement, here);
      if (bodyFrom < t.size()) scanCalls(t, bodyFrom, t.size(), false, l.number(), statement, here);
      calls.addAll(here);
      checkDecodeExec(here, statement, l.number());
      if (opens != null) open.push(new Open(l.indent(), opens));
    }
    flagSplitDecodeExec();
  }

  /**
   * Decoding and executing are often split over two module-level statements ({@code payload =
   * b64decode(...)} then {@code exec(payload)}); when both happen at import time, the exec is
   * reported as a decode-and-execute.
   */
  private void flagSplitDecodeExec() {
    if (!decodeExec.isEmpty()) return;
    boolean decode = calls.stream().anyMatch(c -> c.importTime() && (c.rule().category().equals("decode") || c.rule().category().equals("deserialize")));
    if (!decode) return;
    calls.stream()
        .filter(c -> c.importTime() && c.rule().category().equals("exec"))
        .findFirst()
        .ifPresent(c -> decodeExec.add(new DecodeExec(c.line(), true, c.statement())));
  }

  /** Index just past the ':' that ends a def's signature (one-line bodies follow it). */
  private static int signatureEnd(List<Token> t, int from) {
    int depth = 0;
    for (int i = from; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.kind() != Kind.OP) continue;
      if ("([{".contains(k.text())) depth++;
      else if (")]}".contains(k.text())) depth--;
      else if (k.text().equals(":") && depth == 0) return i + 1;
    }
    return t.size();
  }

  private static boolean isMainGuard(List<Token> t) {
    return t.size() >= 4 && t.get(0).is("if") && t.get(1).is("__name__") && t.get(2).is("=") && t.stream().anyMatch(k -> k.kind() == Kind.STRING && k.text().equals("__main__"));
  }

  private void recordImport(List<Token> t) {
    if (t.get(0).is("import")) {
      int i = 1;
      while (i < t.size()) {
        StringBuilder mod = new StringBuilder();
        i = dotted(t, i, mod);
        if (mod.length() == 0) break;
        String m = mod.toString();
        noteRisky(m);
        if (i + 1 < t.size() && t.get(i).is("as") && t.get(i + 1).kind() == Kind.NAME) {
          aliases.put(t.get(i + 1).text(), m);
          i += 2;
        } else {
          String head = m.contains(".") ? m.substring(0, m.indexOf('.')) : m;
          aliases.put(head, head);
        }
        if (i < t.size() && t.get(i).is(",")) i++;
        else break;
      }
      return;
    }
    // from X import a [as b], ...
    StringBuilder mod = new StringBuilder();
    int i = 1;
    while (i < t.size() && t.get(i).is(".")) {
      mod.append('.');
      i++;
    }
    i = dotted(t, i, mod);
    if (i >= t.size() || !t.get(i).is("import")) return;
    String m = mod.toString();
    noteRisky(m);
    for (i = i + 1; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.is("*")) starModules.add(m);
      if (k.kind() != Kind.NAME) continue;
      String target = m + "." + k.text();
      String local = k.text();
      if (i + 2 < t.size() && t.get(i + 1).is("as") && t.get(i + 2).kind() == Kind.NAME) {
        local = t.get(i + 2).text();
        i += 2;
      }
      aliases.put(local, target);
      noteRisky(target);
    }
  }

  private void noteRisky(String module) {
    for (String r : RISKY_IMPORTS) if (module.equals(r) || module.startsWith(r + ".")) riskyImports.add(module);
  }

  /** Reads NAME(.NAME)* at {@code i} into {@code out}; returns the index after it. */
  private static int dotted(List<Token> t, int i, StringBuilder out) {
    while (i < t.size() && t.get(i).kind() == Kind.NAME) {
      out.append(t.get(i).text());
      if (i + 2 < t.size() && t.get(i + 1).is(".") && t.get(i + 2).kind() == Kind.NAME) {
        out.append('.');
        i += 2;
      } else {
        return i + 1;
      }
    }
    return i;
  }

  private void scanCalls(List<Token> t, int from, int to, boolean importTime, int line, String statement, List<Call> out) {
    for (int i = from; i < to; i++) {
      Token k = t.get(i);
      if (k.kind() != Kind.NAME || (i > 0 && t.get(i - 1).is("."))) continue;
      if (i > 0 && (t.get(i - 1).is("def") || t.get(i - 1).is("class"))) continue;
      StringBuilder chain = new StringBuilder();
      int after = dotted(t, i, chain);
      if (after >= to || !t.get(after).is("(")) continue;
      String target = resolve(chain.toString());
      int close = matching(t, after);
      // __import__('os').system(...) and importlib.import_module('os').system(...)
      if ((target.equals("__import__") || target.equals("importlib.import_module")) && after + 1 < t.size() && t.get(after + 1).kind() == Kind.STRING) {
        String module = t.get(after + 1).text();
        if (close + 2 < to && t.get(close + 1).is(".") && t.get(close + 2).kind() == Kind.NAME) {
          StringBuilder rest = new StringBuilder(module + ".");
          int end = dotted(t, close + 2, rest);
          if (end < to && t.get(end).is("(")) add(rest.toString(), importTime, line, statement, out);
        }
      }
      // getattr(os, 'system')(...)
      if (target.equals("getattr") && after + 3 < t.size() && t.get(after + 1).kind() == Kind.NAME && t.get(after + 2).is(",") && t.get(after + 3).kind() == Kind.STRING) {
        add(resolve(t.get(after + 1).text()) + "." + t.get(after + 3).text(), importTime, line, statement, out);
      }
      if (target.equals("open") && opensForWriting(t, after, close)) {
        add("open:write", importTime, line, statement, out);
        continue;
      }
      add(target, importTime, line, statement, out);
    }
  }

  private static boolean opensForWriting(List<Token> t, int open, int close) {
    for (int i = open + 1; i < close && i < t.size(); i++) {
      Token k = t.get(i);
      if (k.kind() == Kind.STRING && k.text().length() <= 4 && k.text().matches("[rwabxt+]+") && k.text().matches(".*[wax+].*")) return true;
    }
    return false;
  }

  private static int matching(List<Token> t, int open) {
    int depth = 0;
    for (int i = open; i < t.size(); i++) {
      if (t.get(i).kind() != Kind.OP) continue;
      String s = t.get(i).text();
      if ("([{".contains(s)) depth++;
      else if (")]}".contains(s) && --depth == 0) return i;
    }
    return t.size() - 1;
  }

  private String resolve(String chain) {
    int dot = chain.indexOf('.');
    String head = dot < 0 ? chain : chain.substring(0, dot);
    String rest = dot < 0 ? "" : chain.substring(dot);
    String mapped = aliases.get(head);
    if (mapped != null) return mapped + rest;
    if (dot < 0 && !BUILTINS.contains(chain)) {
      for (String m : starModules) {
        String candidate = m + "." + chain;
        if (ruleFor(candidate) != null) return candidate;
      }
    }
    return chain;
  }

  private void add(String target, boolean importTime, int line, String statement, List<Call> out) {
    CallRule r = ruleFor(target);
    if (r != null) out.add(new Call(target.equals("open:write") ? "open (for writing)" : target, r, line, importTime, statement));
  }

  /** The reviewed rule for a fully qualified call target (e.g. {@code os.system}), or null. */
  public static CallRule ruleFor(String target) {
    for (CallRule r : RULES) if (r.matches(target)) return r;
    return null;
  }

  private void checkDecodeExec(List<Call> here, String statement, int line) {
    boolean exec = here.stream().anyMatch(c -> c.rule().category().equals("exec"));
    boolean decode = here.stream().anyMatch(c -> c.rule().category().equals("decode") || c.rule().category().equals("deserialize"));
    if (exec && decode) {
      boolean importTime = here.stream().anyMatch(c -> c.rule().category().equals("exec") && c.importTime());
      decodeExec.add(new DecodeExec(line, importTime, statement));
    }
  }

  private static String excerpt(String[] physical, int line) {
    if (line < 1 || line > physical.length) return "";
    String s = physical[line - 1].strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private static List<CallRule> loadRules() {
    List<CallRule> rules = new ArrayList<>();
    for (String[] r : ReviewedData.load(DATA + "python-calls.tsv", 5))
      rules.add(new CallRule(r[0], Severity.parse(r[1]), Severity.parse(r[2]), r[3], r[4]));
    return List.copyOf(rules);
  }

  private static Set<String> loadRiskyImports() {
    Set<String> s = new LinkedHashSet<>();
    for (String[] r : ReviewedData.load(DATA + "python-risky-imports.tsv", 2)) s.add(r[0]);
    return Set.copyOf(s);
  }
}
