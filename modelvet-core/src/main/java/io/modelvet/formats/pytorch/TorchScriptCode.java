package io.modelvet.formats.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.engine.ScanContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the text of TorchScript {@code code/} files for calls compiled models never make. The
 * patterns and the operator namespaces accepted as built in are reviewed data in
 * {@code torchscript-code.json}.
 */
final class TorchScriptCode {
  private static final Pattern OP = Pattern.compile("(?<![\\w.])(?:torch\\.)?ops\\.(\\w+)\\.(\\w+)");
  private static final TorchScriptCode INSTANCE = load();

  private final List<Pattern> patterns;
  private final List<String> reasons;
  private final Map<String, String> namespaces;

  private TorchScriptCode(List<Pattern> patterns, List<String> reasons, Map<String, String> namespaces) {
    this.patterns = patterns;
    this.reasons = reasons;
    this.namespaces = namespaces;
  }

  static TorchScriptCode get() {
    return INSTANCE;
  }

  /** Reports every suspicious line of one code file ({@code name} is its member path). */
  void check(ScanContext ctx, String name, String text) {
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      for (int p = 0; p < patterns.size(); p++) {
        if (patterns.get(p).matcher(line).find()) report(ctx, name, n + 1, line, reasons.get(p));
      }
      Matcher m = OP.matcher(line);
      while (m.find()) {
        if (!namespaces.containsKey(m.group(1)))
          report(ctx, name, n + 1, line, "operator from the custom namespace '" + m.group(1) + "', which needs a native extension library");
      }
    }
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
      return new TorchScriptCode(List.copyOf(patterns), List.copyOf(reasons), Map.copyOf(ns));
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
