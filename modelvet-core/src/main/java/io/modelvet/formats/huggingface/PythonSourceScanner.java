package io.modelvet.formats.huggingface;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.python.PythonCodeAnalyzer;
import io.modelvet.formats.common.python.PythonCodeAnalyzer.Analysis;
import io.modelvet.formats.common.python.PythonCodeAnalyzer.Call;
import io.modelvet.formats.common.python.PythonCodeAnalyzer.DecodeExec;
import io.modelvet.io.MalformedException;
import io.modelvet.report.Severity;
import io.modelvet.rules.RuleCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Python source files, as shipped in model repositories for {@code trust_remote_code} (modeling,
 * configuration and tokenization modules). Recognised by content: UTF-8 text whose first
 * statement after comments and the module docstring is an import, definition, decorator or
 * assignment. Reports dangerous calls (heuristically, see {@link PythonCodeAnalyzer}): at import
 * time they run as soon as a loader imports the module.
 */
public final class PythonSourceScanner implements Scanner {
  /** Largest source analysed; real modules are well below it. */
  static final int MAX_SOURCE = 8 << 20;

  private static final Pattern FIRST_STATEMENT =
      Pattern.compile("^(import\\s+[\\w.]+|from\\s+[\\w.]+\\s+import\\b|def\\s+\\w+\\s*\\(|async\\s+def\\s|class\\s+\\w+\\s*[(:]|@[\\w.]+|__all__\\s*=|if\\s+__name__\\s*==|[A-Za-z_]\\w*\\s*(:\\s*[\\w.\\[\\], ]+)?\\s*=\\s*\\S|try:).*");
  private static final Pattern CODE_LINE = Pattern.compile("^(import |from \\S+ import |def |class |async def |@)", Pattern.MULTILINE);

  @Override
  public String format() {
    return "python";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("py");
  }

  @Override
  public int sniffCeiling() {
    return 30;
  }

  @Override
  public int sniff(Head head) {
    if (!head.looksLikeText()) return 0;
    String text = head.latin1();
    if (text.startsWith("#!") && text.lines().findFirst().orElse("").contains("python")) return 30;
    String first = firstStatement(text);
    if (first == null || !FIRST_STATEMENT.matcher(first).matches()) return 0;
    return CODE_LINE.matcher(text).find() ? 15 : 0;
  }

  /** The first line that is not blank, a comment, an encoding line or part of the module docstring. */
  static String firstStatement(String text) {
    String[] lines = text.split("\r\n|\r|\n", 400);
    String quote = null;
    for (String raw : lines) {
      String l = raw.strip();
      if (quote != null) {
        if (l.contains(quote)) quote = null;
        continue;
      }
      if (l.isEmpty() || l.startsWith("#")) continue;
      String body = l.replaceFirst("^[rRuUbB]{0,2}", "");
      if (body.startsWith("\"\"\"") || body.startsWith("'''")) {
        String q = body.substring(0, 3);
        if (!body.substring(3).contains(q)) quote = q;
        continue;
      }
      return l;
    }
    return null;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    long size = ctx.source().size();
    if (size > MAX_SOURCE) throw new MalformedException("Python source of " + size + " bytes exceeds the " + MAX_SOURCE + "-byte analysis limit");
    String source = new String(ctx.source().readFully(0, (int) size), StandardCharsets.UTF_8);
    report(ctx, PythonCodeAnalyzer.analyze(source));
  }

  /** Turns an analysis into findings on {@code ctx}. */
  static void report(ScanContext ctx, Analysis a) {
    for (DecodeExec d : a.decodeExec()) {
      ctx.report(
          RuleCatalog.rule("hf.python-decode-exec")
              .finding(
                  d.importTime() ? Severity.CRITICAL : Severity.HIGH,
                  ctx.location(-1).withDetail("line " + d.line()),
                  "This statement decodes hidden data and passes it to exec/eval/compile"
                      + (d.importTime() ? " when the module is imported" : " inside a function")
                      + ", the usual way to hide malicious code (heuristic token scan, the code was not run).",
                  d.statement()));
    }
    for (Call c : a.calls()) {
      if (c.severity() == Severity.INFO) continue;
      String rule = c.importTime() ? "hf.python-import-time-call" : "hf.python-call-in-function";
      String when = c.importTime() ? "runs as soon as the module is imported (module level or class body)" : "runs when the enclosing function is called";
      ctx.report(
          RuleCatalog.rule(rule)
              .finding(
                  c.severity(),
                  ctx.location(-1).withDetail("line " + c.line()),
                  "Call to " + c.target() + " (" + c.rule().reason() + ") " + when + ". Heuristic token scan; the code was not run.",
                  c.statement()));
    }
    if (!a.riskyImports().isEmpty()) {
      ctx.report(
          "hf.python-risky-import",
          -1,
          "The module imports " + String.join(", ", a.riskyImports()) + "; listed for review.",
          String.join(", ", a.riskyImports()));
    }
  }
}
