package io.modelvet.formats.archive.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.engine.ScanContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the text of TorchScript {@code code/} files for calls compiled models never make. String
 * literals are blanked first (an error message naming {@code builtins.ValueError} is not a call).
 * Every call must then start at a torch builtin, an accepted operator namespace, the archive's own
 * classes ({@code __torch__}), a local value or parameter, or a reviewed call root; anything else,
 * and any denied pattern, is reported HIGH with the line as evidence. Patterns, namespaces and call
 * roots are reviewed data in {@code torchscript-code.json}.
 */
final class TorchScriptCode {
  private static final Pattern OP = Pattern.compile("(?<![\\w.])(?:torch\\.)?ops\\.(\\w+)\\.(\\w+)");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'");
  private static final Pattern CALL = Pattern.compile("(?<![\\w.)\\]])([A-Za-z_]\\w*)(?:\\.[A-Za-z_]\\w*)*\\s*\\(");
  private static final Pattern DEFINITION = Pattern.compile("\\b(?:def|class)\\s+\\w+");
  private static final Pattern BOUND = Pattern.compile("(?m)(?:^\\s*([\\w\\s,]+?)\\s*(?::[^=\\n]*)?=(?!=))|(?:\\bfor\\s+([\\w\\s,]+?)\\s+in\\b)|(?:\\b(\\w+)\\s*:)");
  /** Python keywords that may precede a parenthesis without being a call. */
  private static final Set<String> KEYWORDS = Set.of("return", "if", "elif", "while", "not", "and", "or", "in", "is", "assert",
      "raise", "yield", "await", "lambda", "for", "with", "del", "else", "except", "from", "import", "global", "nonlocal", "pass", "async");
  private static final TorchScriptCode INSTANCE = load();

  private final List<Pattern> patterns;
  private final List<String> reasons;
  private final Map<String, String> namespaces;
  private final Map<String, String> callRoots;

  private TorchScriptCode(List<Pattern> patterns, List<String> reasons, Map<String, String> namespaces, Map<String, String> callRoots) {
    this.patterns = patterns;
    this.reasons = reasons;
    this.namespaces = namespaces;
    this.callRoots = callRoots;
  }

  static TorchScriptCode get() {
    return INSTANCE;
  }

  /** Reports every suspicious line of one code file ({@code name} is its member path); returns how many. */
  int check(ScanContext ctx, String name, String text) {
    int before = ctx.findings().size();
    String[] original = text.split("\n", -1);
    String code = blankStrings(text);
    Set<String> bound = boundNames(code);
    String[] lines = code.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      Set<String> why = new java.util.LinkedHashSet<>();
      for (int p = 0; p < patterns.size(); p++) {
        if (patterns.get(p).matcher(line).find()) why.add(reasons.get(p));
      }
      Matcher m = OP.matcher(line);
      while (m.find()) {
        if (!namespaces.containsKey(m.group(1)))
          why.add("operator from the custom namespace '" + m.group(1) + "', which needs a native extension library");
      }
      Matcher c = CALL.matcher(DEFINITION.matcher(line).replaceAll(""));
      while (c.find()) {
        String root = c.group(1);
        if (!callRoots.containsKey(root) && !bound.contains(root) && !KEYWORDS.contains(root))
          why.add("call of " + c.group().replaceAll("\\s*\\($", "") + ", which is no TorchScript builtin, torch operator or class of this archive");
      }
      if (!why.isEmpty()) report(ctx, name, n + 1, n < original.length ? original[n] : line, String.join("; ", why));
    }
    return ctx.findings().size() - before;
  }

  /** The text with every string literal replaced by an empty one, so names inside strings are not code. */
  private static String blankStrings(String text) {
    return STRING.matcher(text).replaceAll(r -> r.group().charAt(0) == '"' ? "\"\"" : "''");
  }

  /** Names bound in the file: assignment targets, loop variables, parameters and attributes. */
  private static Set<String> boundNames(String code) {
    Set<String> names = new HashSet<>();
    Matcher m = BOUND.matcher(code);
    while (m.find()) {
      for (int g = 1; g <= 3; g++) {
        if (m.group(g) == null) continue;
        for (String part : m.group(g).split("[\\s,]+")) if (!part.isEmpty()) names.add(part);
      }
    }
    return names;
  }

  private static void report(ScanContext ctx, String name, int lineNo, String line, String reason) {
    String shown = line.strip();
    if (shown.length() > 200) shown = shown.substring(0, 200) + "...";
    ctx.report("pytorch.torchscript-code", -1,
        "TorchScript code " + name + " line " + lineNo + ": " + reason + ". torch.jit.load runs this code.",
        shown);
  }

  private static TorchScriptCode load() {
    try (InputStream in = TorchScriptCode.class.getResourceAsStream("/io/modelvet/formats/pytorch/torchscript-code.json")) {
      if (in == null) throw new IllegalStateException("torchscript-code.json missing from the classpath");
      JsonNode root = new ObjectMapper().readTree(in);
      List<Pattern> patterns = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      for (JsonNode p : root.path("patterns")) {
        patterns.add(Pattern.compile(p.path("regex").asText()));
        reasons.add(require(p, "reason"));
      }
      Map<String, String> ns = new HashMap<>();
      for (JsonNode n : root.path("opNamespaces")) ns.put(n.path("name").asText(), require(n, "reason"));
      Map<String, String> roots = new HashMap<>();
      for (JsonNode n : root.path("callRoots")) roots.put(n.path("name").asText(), require(n, "reason"));
      return new TorchScriptCode(List.copyOf(patterns), List.copyOf(reasons), Map.copyOf(ns), Map.copyOf(roots));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String require(JsonNode n, String field) {
    String v = n.path(field).asText();
    if (v.isBlank()) throw new IllegalStateException("torchscript-code.json: entry without " + field + ": " + n);
    return v;
  }
}
