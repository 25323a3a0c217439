package io.modelvet.formats.common.jinja;

import io.modelvet.formats.common.jinja.ExprToken.Type;
import io.modelvet.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static analysis of a Jinja template for sandbox escapes and denial of service. Works on the
 * token stream of every code tag ({@link JinjaLexer}, {@link ExprTokenizer}); the template is
 * never compiled or rendered. Attribute names are collected however they are written ({@code
 * .x}, {@code ['x']}, {@code |attr('x')}, {@code getattr(o, 'x')}, escapes, concatenation) and
 * classified with the reviewed lists of {@link SstiNames}.
 *
 * <p>Why not jinjava's parser: its {@code TreeParser} builds the tag tree of every real template
 * tested, but it leaves expressions as raw text, and its expression parser (JUEL-based {@code
 * ExtendedSyntaxBuilder}) rejects Python method calls that real templates use: {@code
 * content.strip()} (Llama 2), {@code content.split('</think>')[-1]} (DeepSeek-R1, Qwen3), and
 * so also the {@code ''.__class__.__mro__[1].__subclasses__()} chains this class must see. A
 * small tolerant tokenizer covers both, and never needs an interpreter instance.
 */
public final class TemplateAnalysis {
  private static final Pattern DUNDER = Pattern.compile("__[A-Za-z][A-Za-z0-9_]*?__");
  private static final Pattern CHAR_FORMAT = Pattern.compile("\\{[^}]*:c}");
  private static final Pattern DUNDER_FRAGMENT = Pattern.compile("^__[A-Za-z]|[A-Za-z]__$");
  private static final Set<String> LOADING_TAGS = Set.of("include", "extends", "import", "from");
  private static final int MAX_ISSUES = 50;
  private static final int MAX_ARGUMENT_TOKENS = 64;
  private static final int EVIDENCE_CHARS = 200;

  private final SstiNames names = SstiNames.get();
  private final List<TemplateIssue> issues = new ArrayList<>();
  private final Facts whole = new Facts();
  private final BooleanSupplier expired;
  private final Set<String> bound = new HashSet<>();
  private boolean anyCritical;
  private boolean stoppedEarly;

  private TemplateAnalysis(BooleanSupplier expired) {
    this.expired = expired;
  }

  /** Analyses {@code template} and returns what it found (in template order). */
  public static List<TemplateIssue> analyze(String template) {
    return analyze(template, () -> false).issues();
  }

  /**
   * Analyses {@code template}, asking {@code expired} every thousand tags whether the time budget
   * is used up; if so the analysis stops and the result says it is incomplete.
   */
  public static Result analyze(String template, BooleanSupplier expired) {
    TemplateAnalysis a = new TemplateAnalysis(expired);
    a.run(template);
    return new Result(List.copyOf(a.issues), !a.stoppedEarly);
  }

  /**
   * What an analysis found.
   *
   * @param issues problems found
   * @param complete false when the time budget stopped the analysis before the end
   */
  public record Result(List<TemplateIssue> issues, boolean complete) {}

  private void run(String template) {
    if (template.length() > names.oversizedChars) {
      add("jinja.oversized-template", Severity.LOW, 0,
          "The chat template is " + template.length() + " characters long, far above real-world templates (limit " + names.oversizedChars + ").",
          excerpt(template));
    }
    JinjaLexer.Result lexed = JinjaLexer.lex(template);
    for (JinjaLexer.Tag tag : lexed.tags()) collectBoundNames(tag);
    for (String p : lexed.problems())
      add("jinja.syntax-error", Severity.LOW, 0, "The template is not valid Jinja: " + p + ".", p);
    Deque<Long> loopProducts = new ArrayDeque<>(); // product of range sizes of the enclosing loops
    boolean deepReported = false;
    int seen = 0;
    for (JinjaLexer.Tag tag : lexed.tags()) {
      if ((++seen & 0x3ff) == 0 && expired.getAsBoolean()) {
        stoppedEarly = true;
        break;
      }
      Facts f = analyzeTag(tag);
      whole.merge(f);
      String kw = tag.keyword();
      if (LOADING_TAGS.contains(kw)) {
        add("jinja.template-include", Severity.MEDIUM, tag.line(),
            "The '" + kw + "' tag loads another template; chat templates are self-contained and a file-system loader would read the named file.",
            evidence(tag));
      }
      if (kw.equals("for")) {
        long size = Math.max(1, f.rangeSize);
        long loopProduct = saturatingMultiply(loopProducts.isEmpty() ? 1 : loopProducts.peek(), size);
        loopProducts.push(loopProduct);
        if (loopProducts.size() > names.maxLoopNesting && !deepReported) {
          deepReported = true;
          add("jinja.resource-exhaustion", Severity.LOW, tag.line(),
              "Loops are nested " + loopProducts.size() + " deep; real chat templates nest at most " + names.maxLoopNesting + ".",
              evidence(tag));
        }
        if (loopProducts.size() > 1 && loopProduct >= names.rangeMedium && f.rangeSize > 1) {
          add("jinja.resource-exhaustion", Severity.MEDIUM, tag.line(),
              "Nested loops over ranges run about " + loopProduct + " iterations per render: a denial of service.",
              evidence(tag));
        }
      } else if (kw.equals("endfor") && !loopProducts.isEmpty()) {
        loopProducts.pop();
      }
    }
    if (!anyCritical && whole.critical()) {
      add("jinja.sandbox-escape-chain", Severity.CRITICAL, 0,
          "Across several tags the template combines Python internals " + whole.internals + " with "
              + join(whole.reachOrDangerous()) + ", a split sandbox-escape chain (CVE-2024-34359 class).",
          join(whole.internals) + " / " + join(whole.reachOrDangerous()));
    }
  }

  private Facts analyzeTag(JinjaLexer.Tag tag) {
    Facts f = new Facts();
    List<ExprToken> t = ExprTokenizer.tokenize(tag.body());
    for (int k = 0; k < t.size(); k++) {
      ExprToken tok = t.get(k);
      ExprToken prev = k > 0 ? t.get(k - 1) : null;
      ExprToken next = k + 1 < t.size() ? t.get(k + 1) : null;
      if (tok.type() == Type.NAME) {
        name(f, t, k, tok, prev, next);
      } else if (tok.type() == Type.STRING) {
        string(f, t, k, tok, prev, next);
      } else if (tok.isOp("[")) {
        stringList(f, t, k);
      }
    }
    report(tag, f);
    return f;
  }

  private void name(Facts f, List<ExprToken> t, int k, ExprToken tok, ExprToken prev, ExprToken next) {
    String n = tok.text();
    boolean called = next != null && next.isOp("(");
    if (prev != null && prev.isOp(".")) {
      attribute(f, n, called);
      return;
    }
    if (prev != null && prev.isOp("|")) {
      if (n.equals("string")) { // (x|list)[0] is ordinary indexing; (x|string)[n] picks characters
        int j = k + 1;
        while (j < t.size() && t.get(j).isOp(")")) j++;
        if (j + 1 < t.size() && t.get(j).isOp("[") && t.get(j + 1).type() == Type.NUMBER)
          f.obfuscations.add("characters are picked out of an object's text form (|" + n + ")[n]");
      }
      if (n.equals("attr") && called) {
        ExprToken arg = k + 2 < t.size() ? t.get(k + 2) : null;
        boolean literal = arg != null && arg.type() == Type.STRING && k + 3 < t.size() && t.get(k + 3).isOp(")");
        if (literal) attribute(f, arg.text(), k + 4 < t.size() && t.get(k + 4).isOp("("));
        else f.obfuscations.add("the attr filter reads an attribute whose name is computed at render time");
      }
      return;
    }
    if (prev != null && prev.is(Type.NAME, "is")) return; // a test: "is defined"
    if (next != null && next.isOp("=")) { // a keyword argument name: dict(__cla=1, ss__=1)|join
      if (DUNDER.matcher(n).matches()) internal(f, n);
      else if (DUNDER_FRAGMENT.matcher(n).find())
        f.obfuscations.add("the keyword name '" + n + "' is a fragment of a double-underscore name");
      return;
    }
    boolean accessed = next != null && (next.isOp(".") || next.isOp("[") || next.isOp("|"));
    boolean local = bound.contains(n);
    if (names.dangerousGlobals.contains(n) && !local && (called || accessed)) f.dangerous.add(n);
    if (names.isDunder(n)) internal(f, n);
    if (names.framework.contains(n) && !local && accessed) f.framework.add(n);
    if (n.equals("range") && called) f.rangeSize = Math.max(f.rangeSize, constantArgs(t, k + 2));
    if (n.equals("getattr") && called) getattrName(f, t, k + 2);
  }

  private void attribute(Facts f, String n, boolean called) {
    if (names.isDunder(n)) internal(f, n);
    if (names.dangerous.contains(n)) {
      if (called) f.dangerous.add(n);
      else f.weakDangerous.add(n);
    }
  }

  private void internal(Facts f, String n) {
    f.internals.add(n);
    if (names.reach.contains(n)) f.reach.add(n);
  }

  private void string(Facts f, List<ExprToken> t, int k, ExprToken tok, ExprToken prev, ExprToken next) {
    String s = tok.text();
    boolean subscript = prev != null && prev.isOp("[") && next != null && next.isOp("]");
    if (subscript) attribute(f, s, k + 2 < t.size() && t.get(k + 2).isOp("("));
    Matcher m = DUNDER.matcher(s);
    boolean hasDunder = false;
    while (m.find()) {
      hasDunder = true;
      internal(f, m.group());
    }
    if (tok.charEscape())
      f.obfuscations.add("escape sequences spell the string '" + printable(s) + "'");
    if (!hasDunder && DUNDER_FRAGMENT.matcher(s).find())
      f.obfuscations.add("the string '" + printable(s) + "' is a fragment of a double-underscore name");
    if (!s.isEmpty() && s.chars().allMatch(c -> c == '_') && next != null && next.isOp("*"))
      f.obfuscations.add("underscores are built by repetition ('" + s + "' * n)");
    if (s.contains("%c") && next != null && (next.isOp("%") || (next.isOp("|") && k + 2 < t.size() && t.get(k + 2).is(Type.NAME, "format"))))
      f.obfuscations.add("characters are built from numbers with '%c' formatting");
    boolean methodFormat = next != null && next.isOp(".") && k + 2 < t.size() && t.get(k + 2).is(Type.NAME, "format");
    if (methodFormat && CHAR_FORMAT.matcher(s).find())
      f.obfuscations.add("characters are built from numbers with a '{:c}' format");
    String replaced = replaceOnLiteral(t, k);
    if (replaced != null) built(f, List.of(replaced), List.of(s), "a string replace");
    if (next != null && next.isOp("|") && k + 2 < t.size() && t.get(k + 2).is(Type.NAME, "reverse"))
      built(f, List.of(new StringBuilder(s).reverse().toString()), List.of(s), "a reversed string");
    if (next != null && next.isOp("*") && k + 2 < t.size() && t.get(k + 2).type() == Type.NUMBER) {
      long times = number(t.get(k + 2).text());
      if (times >= names.rangeMedium) f.hugeRepeat = Math.max(f.hugeRepeat, times);
    }
    boolean runStart = prev == null || !(prev.type() == Type.STRING || prev.isOp("~") || prev.isOp("+"))
        || (prev.isOp("~") || prev.isOp("+")) && (k < 2 || t.get(k - 2).type() != Type.STRING);
    if (runStart) concatenation(f, t, k);
  }

  /** Names the template binds itself ({@code set x}, {@code for a, b in}, macro parameters). */
  private void collectBoundNames(JinjaLexer.Tag tag) {
    String kw = tag.keyword();
    if (!kw.equals("set") && !kw.equals("for") && !kw.equals("macro") && !kw.equals("with")) return;
    List<ExprToken> t = ExprTokenizer.tokenize(tag.body());
    boolean afterDot = false;
    for (int i = 1; i < t.size(); i++) {
      ExprToken x = t.get(i);
      if (kw.equals("for") && x.is(Type.NAME, "in")) return;
      if ((kw.equals("set") || kw.equals("with")) && x.isOp("=")) {
        if (kw.equals("set")) return;
        continue;
      }
      if (x.type() == Type.NAME && !afterDot && (kw.equals("macro") || !kw.equals("with") || i + 1 < t.size() && t.get(i + 1).isOp("=")))
        bound.add(x.text());
      afterDot = x.isOp(".");
    }
  }

  /** The result of {@code 'lit'.replace('a','b')} or {@code 'lit'|replace('a','b')} on literals, or null. */
  private static String replaceOnLiteral(List<ExprToken> t, int k) {
    if (k + 7 >= t.size()) return null;
    ExprToken sep = t.get(k + 1);
    if (!(sep.isOp(".") || sep.isOp("|")) || !t.get(k + 2).is(Type.NAME, "replace") || !t.get(k + 3).isOp("(")) return null;
    ExprToken from = t.get(k + 4);
    ExprToken to = t.get(k + 6);
    if (from.type() != Type.STRING || !t.get(k + 5).isOp(",") || to.type() != Type.STRING || from.text().isEmpty()) return null;
    return t.get(k).text().replace(from.text(), to.text());
  }

  /** A run of string literals joined by ~, + or juxtaposition, starting at k. */
  private void concatenation(Facts f, List<ExprToken> t, int k) {
    List<String> pieces = new ArrayList<>();
    int i = k;
    while (i < t.size() && t.get(i).type() == Type.STRING) {
      pieces.add(t.get(i).text());
      if (i + 1 < t.size() && t.get(i + 1).type() == Type.STRING) i += 1;
      else if (i + 2 < t.size() && (t.get(i + 1).isOp("~") || t.get(i + 1).isOp("+")) && t.get(i + 2).type() == Type.STRING) i += 2;
      else break;
    }
    if (pieces.size() > 1) built(f, List.of(String.join("", pieces)), pieces, "concatenated strings");
  }

  /** A list literal made only of strings ({@code ['__cla','ss__']|join}). */
  private void stringList(Facts f, List<ExprToken> t, int k) {
    List<String> pieces = new ArrayList<>();
    int i = k + 1;
    while (i < t.size() && t.get(i).type() == Type.STRING) {
      pieces.add(t.get(i).text());
      if (i + 1 < t.size() && t.get(i + 1).isOp(",")) i += 2;
      else break;
    }
    if (pieces.size() > 1 && i + 1 < t.size() && t.get(i + 1).isOp("]"))
      built(f, List.of(String.join("", pieces)), pieces, "joined list items");
  }

  /** Flags names that appear only after pieces are put together. */
  private void built(Facts f, List<String> results, List<String> pieces, String how) {
    for (String r : results) {
      Matcher m = DUNDER.matcher(r);
      while (m.find()) {
        String d = m.group();
        if (pieces.stream().noneMatch(p -> p.contains(d))) {
          f.obfuscations.add(how + " build the name '" + d + "'");
          internal(f, d);
        }
      }
      String bare = r.strip();
      if ((names.dangerous.contains(bare) || names.reach.contains(bare)) && !pieces.contains(bare)) {
        f.obfuscations.add(how + " build the name '" + bare + "'");
        f.dangerous.add(bare);
      }
    }
  }

  private void getattrName(Facts f, List<ExprToken> t, int from) {
    int depth = 0;
    int end = (int) Math.min(t.size(), from + (long) MAX_ARGUMENT_TOKENS);
    for (int i = from; i < end; i++) {
      ExprToken x = t.get(i);
      if (x.isOp("(") || x.isOp("[")) depth++;
      else if (x.isOp(")") || x.isOp("]")) {
        if (depth == 0) return;
        depth--;
      } else if (depth == 0 && x.isOp(",")) {
        if (i + 1 < t.size() && t.get(i + 1).type() == Type.STRING) attribute(f, t.get(i + 1).text(), false);
        else f.obfuscations.add("getattr reads an attribute whose name is computed at render time");
        return;
      }
    }
  }

  /** Largest value of the constant arguments of a call ({@code range(10**9)}), or 0. */
  private long constantArgs(List<ExprToken> t, int from) {
    long best = 0;
    long current = 0;
    String pendingOp = null;
    for (int i = from; i < t.size(); i++) {
      ExprToken x = t.get(i);
      if (x.isOp(")") || x.isOp(",")) {
        best = Math.max(best, current);
        if (x.isOp(")")) break;
        current = 0;
        pendingOp = null;
      } else if (x.type() == Type.NUMBER) {
        long v = number(x.text());
        if (pendingOp == null) current = v;
        else if (pendingOp.equals("*")) current = saturatingMultiply(current, v);
        else if (pendingOp.equals("**")) current = saturatingPow(current, v);
        pendingOp = null;
      } else if (x.isOp("*") || x.isOp("**")) {
        pendingOp = x.text();
      } else {
        return best;
      }
    }
    return Math.max(best, current);
  }

  private void report(JinjaLexer.Tag tag, Facts f) {
    String ev = evidence(tag);
    if (f.critical()) {
      anyCritical = true;
      add("jinja.sandbox-escape-chain", Severity.CRITICAL, tag.line(),
          "This tag walks Python internals " + f.internals + " to reach " + join(f.reachOrDangerous())
              + ". Rendering the template outside a strict sandbox runs code on the host (CVE-2024-34359 class).",
          ev);
    } else if (!f.internals.isEmpty()) {
      add("jinja.dunder-access", Severity.HIGH, tag.line(),
          "This tag reads Python internal attributes " + f.internals + "; chat templates never need them and they start sandbox escapes.",
          ev);
    }
    if (!f.critical() && !f.dangerous.isEmpty()) {
      add("jinja.dangerous-call", Severity.HIGH, tag.line(),
          "This tag uses " + f.dangerous + ", which can run commands, read files, import modules or hide names when exposed to the template.",
          ev);
    }
    if (!f.obfuscations.isEmpty()) {
      add("jinja.obfuscated-name", Severity.HIGH, tag.line(),
          "This tag hides names: " + String.join("; ", f.obfuscations) + ".", ev);
    }
    if (!f.framework.isEmpty()) {
      add("jinja.framework-object", Severity.MEDIUM, tag.line(),
          "This tag reads attributes of " + f.framework + ", web-framework or template internals that chat templates do not use.",
          ev);
    }
    long big = Math.max(f.rangeSize, f.hugeRepeat);
    if (big >= names.rangeLow) {
      Severity s = big >= names.rangeMedium ? Severity.MEDIUM : Severity.LOW;
      add("jinja.resource-exhaustion", s, tag.line(),
          "This tag " + (f.hugeRepeat >= f.rangeSize ? "repeats a string " : "iterates over a range of ") + big
              + (f.hugeRepeat >= f.rangeSize ? " times" : " numbers") + " on every render.",
          ev);
    }
  }

  private void add(String rule, Severity s, int line, String message, String evidence) {
    if (issues.size() < MAX_ISSUES) issues.add(new TemplateIssue(rule, s, line, message, evidence));
  }

  private static String evidence(JinjaLexer.Tag tag) {
    String open = tag.kind() == JinjaLexer.Kind.EXPRESSION ? "{{" : "{%";
    String close = tag.kind() == JinjaLexer.Kind.EXPRESSION ? "}}" : "%}";
    return "line " + tag.line() + ": " + excerpt(open + tag.body() + close);
  }

  private static String excerpt(String s) {
    String one = s.substring(0, Math.min(s.length(), 4 * EVIDENCE_CHARS)).replaceAll("\\s+", " ").strip();
    return one.length() <= EVIDENCE_CHARS ? one : one.substring(0, EVIDENCE_CHARS) + "...";
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(60).forEach(c -> {
      if (c >= 0x20 && c < 0x7f) b.appendCodePoint(c);
      else b.append(String.format("\\u%04x", c));
    });
    return b.toString();
  }

  private static String join(Set<String> s) {
    return String.join(", ", s);
  }

  private static long number(String text) {
    String digits = text.replace("_", "");
    try {
      if (digits.contains(".") || digits.contains("e") || digits.contains("E")) {
        double d = Double.parseDouble(digits);
        return d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d;
      }
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return digits.chars().allMatch(Character::isDigit) && !digits.isEmpty() ? Long.MAX_VALUE : 0;
    }
  }

  static long saturatingMultiply(long a, long b) {
    if (a <= 0 || b <= 0) return Math.max(0, Math.min(a, b));
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  private static long saturatingPow(long base, long exp) {
    long r = 1;
    for (long i = 0; i < exp && r < Long.MAX_VALUE; i++) r = saturatingMultiply(r, base);
    return r;
  }

  /** What one tag (or the whole template) touches. */
  private final class Facts {
    final Set<String> internals = new LinkedHashSet<>();
    final Set<String> reach = new LinkedHashSet<>();
    final Set<String> dangerous = new LinkedHashSet<>();
    final Set<String> weakDangerous = new LinkedHashSet<>();
    final Set<String> framework = new LinkedHashSet<>();
    final Set<String> obfuscations = new LinkedHashSet<>();
    long rangeSize;
    long hugeRepeat;

    boolean hasDunderForm() {
      return internals.stream().anyMatch(n -> n.startsWith("__") && n.endsWith("__"));
    }

    /** A dunder chain that reaches globals/builtins/subclasses, or dunders plus a code primitive. */
    boolean critical() {
      if (!hasDunderForm()) return false;
      boolean reachDunder = reach.stream().anyMatch(n -> n.startsWith("__"));
      return reachDunder || !reach.isEmpty() || !dangerous.isEmpty() || !weakDangerous.isEmpty();
    }

    Set<String> reachOrDangerous() {
      Set<String> s = new LinkedHashSet<>(reach);
      s.addAll(dangerous);
      if (hasDunderForm()) s.addAll(weakDangerous);
      return s;
    }

    void merge(Facts o) {
      internals.addAll(o.internals);
      reach.addAll(o.reach);
      dangerous.addAll(o.dangerous);
      weakDangerous.addAll(o.weakDangerous);
    }
  }
}
