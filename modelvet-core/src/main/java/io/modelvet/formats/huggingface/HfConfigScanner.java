package io.modelvet.formats.huggingface;

import io.modelvet.formats.common.python.PythonCodeAnalyzer;

import io.modelvet.formats.common.ReviewedData;
import io.modelvet.formats.common.JsonStrings;
import io.modelvet.formats.common.JsonSupport;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.jinja.TemplateAnalyzer;
import io.modelvet.engine.FolderView;
import io.modelvet.io.ByteSource;
import io.modelvet.report.Severity;
import io.modelvet.rules.RuleCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hugging Face configuration JSON ({@code config.json}, {@code tokenizer_config.json}, processor,
 * generation and adapter configs, sharded-weights indexes), recognised by their top-level keys.
 * Reports code that loaders run for the model ({@code auto_map} and {@code custom_pipelines}
 * classes used with {@code trust_remote_code}), analyses the referenced Python modules when they
 * sit next to the file, passes chat templates to {@link TemplateAnalyzer} and checks that shard
 * files named by {@code weight_map} stay inside the model folder.
 */
public final class HfConfigScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> KEYS =
        ReviewedData.load("/io/modelvet/huggingface/config-keys.tsv", 2).stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet());
  }

  /** Most auto_map / weight_map entries examined; real files have a handful to a few thousand. */
  static final int MAX_ENTRIES = 100_000;

  @Override
  public String format() {
    return "hf-config";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("json");
  }

  @Override
  public int sniffCeiling() {
    return 60;
  }

  @Override
  public int sniff(Head head) {
    if (!JsonSupport.looksLikeJson(head)) return 0;
    for (String k : JsonSupport.topLevelKeys(head)) if (Reviewed.KEYS.contains(k)) return 60;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = JsonSupport.readTree(ctx);
    analyze(ctx, root);
    JsonStrings.check(ctx, root);
  }

  /** Runs the Hugging Face checks on a parsed configuration object. */
  public static void analyze(ScanContext ctx, JsonNode root) throws IOException {
    if (!root.isObject()) return;
    Map<String, String> refs = new LinkedHashMap<>();
    collectRefs(root.get("auto_map"), "auto_map", refs);
    JsonNode pipelines = root.get("custom_pipelines");
    if (pipelines != null && pipelines.isObject()) {
      List<String> tasks = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : pipelines.properties()) {
        tasks.add(e.getKey());
        collectRefs(e.getValue().get("impl"), "custom_pipelines." + e.getKey() + ".impl", refs);
      }
      ctx.report("hf.custom-pipeline", -1, "custom_pipelines defines pipeline tasks " + tasks + " implemented by classes in the repository; transformers.pipeline imports them with trust_remote_code=True.", pipelines.toString().length() > 300 ? pipelines.toString().substring(0, 300) + "..." : pipelines.toString());
    }
    if (!refs.isEmpty()) new RemoteCode(ctx).check(refs);
    JsonNode trust = root.get("trust_remote_code");
    if (trust != null && trust.asBoolean(false))
      ctx.report("hf.trust-remote-code-flag", -1, "The file sets trust_remote_code to true, so tools that pass config values through run the repository's Python code without asking.", "\"trust_remote_code\": " + trust);
    checkTemplates(ctx, root.get("chat_template"));
    // Other top-level template strings (custom_chat_template, tool_use_template...) reach the same
    // Jinja environments in serving stacks, so they get the same analysis.
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getKey().equals("chat_template") && e.getKey().contains("template") && e.getValue().isTextual())
        TemplateAnalyzer.analyze(ctx, e.getValue().asText(), "tokenizer_config.json " + e.getKey(), -1);
    }
    checkWeightMap(ctx, root.get("weight_map"));
  }

  private static void collectRefs(JsonNode node, String where, Map<String, String> out) {
    if (node == null || out.size() >= MAX_ENTRIES) return;
    if (node.isTextual()) out.putIfAbsent(node.asText(), where);
    else if (node.isArray()) for (JsonNode n : node) collectRefs(n, where, out);
    else if (node.isObject())
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collectRefs(e.getValue(), where + "." + e.getKey(), out);
      }
  }

  private static void checkTemplates(ScanContext ctx, JsonNode t) {
    if (t == null) return;
    if (t.isTextual()) {
      TemplateAnalyzer.analyze(ctx, t.asText(), "tokenizer_config.json chat_template", -1);
    } else if (t.isArray()) {
      for (JsonNode n : t) {
        JsonNode tpl = n.get("template");
        if (tpl != null && tpl.isTextual())
          TemplateAnalyzer.analyze(ctx, tpl.asText(), "tokenizer_config.json chat_template '" + n.path("name").asText("?") + "'", -1);
      }
    }
  }

  private static void checkWeightMap(ScanContext ctx, JsonNode map) {
    if (map == null || !map.isObject()) return;
    int seen = 0;
    Set<String> reported = new HashSet<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (seen++ >= MAX_ENTRIES) break;
      String file = e.getValue().asText("");
      if (escapes(file) && reported.add(file))
        ctx.report(
            RuleCatalog.rule("hf.weight-map-escape").finding(ctx.location(-1).withDetail("/weight_map/" + e.getKey()), "weight_map sends tensor " + e.getKey() + " to '" + file + "', which is outside the model folder; a loader would read that file instead of a shard shipped with the model.", file));
    }
  }

  /** True for absolute paths, drive letters, '..' components and URLs. */
  static boolean escapes(String file) {
    if (file.isEmpty()) return false;
    String f = file.replace('\\', '/');
    if (f.startsWith("/") || f.matches("^[A-Za-z]:.*") || f.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) return true;
    for (String part : f.split("/")) if (part.equals("..")) return true;
    return false;
  }

  /** Checks the classes that loaders import from repository code. */
  private static final class RemoteCode {
    private final ScanContext ctx;
    private final FolderView folder;
    private final Map<String, PythonCodeAnalyzer.Analysis> analysed = new HashMap<>();

    RemoteCode(ScanContext ctx) {
      this.ctx = ctx;
      this.folder = ctx.folder();
    }

    void check(Map<String, String> refs) throws IOException {
      String listing = refs.entrySet().stream().limit(12).map(e -> e.getValue() + " -> " + e.getKey()).collect(Collectors.joining("; "));
      ctx.report(
          "hf.remote-code",
          -1,
          "The file maps " + refs.size() + " class(es) to Python code in the repository; transformers imports and runs that code when the model is loaded with trust_remote_code=True."
              + (folder == null ? " The referenced files could not be checked because this file has no folder around it (archive member or upload)." : ""),
          listing);
      for (Map.Entry<String, String> e : refs.entrySet()) {
        ctx.checkDeadline();
        String ref = e.getKey();
        int sep = ref.indexOf("--");
        String local = ref;
        if (sep >= 0) {
          String repo = ref.substring(0, sep);
          local = ref.substring(sep + 2);
          ctx.report("hf.remote-code-other-repo", -1, e.getValue() + " loads " + local + " from the Hub repository " + repo + ", whose code can change at any time and is not part of these files.", ref);
        }
        int dot = local.lastIndexOf('.');
        if (dot <= 0 || folder == null || sep >= 0) continue;
        String module = local.substring(0, dot);
        String file = module.replace('.', '/') + ".py";
        long size = folder.size(file);
        if (size < 0) {
          ctx.report("hf.remote-code-missing", -1, e.getValue() + " needs " + file + ", which is not in the model folder; transformers would fetch unreviewed code from the Hub when loading.", ref);
          continue;
        }
        PythonCodeAnalyzer.Analysis a = analysed.get(file);
        if (a == null) {
          a = analyse(file, size);
          analysed.put(file, a);
        }
        Severity worst = a == null ? null : a.worst();
        if (worst != null && worst.atLeast(Severity.HIGH)) {
          String calls = a.calls().stream().filter(c -> c.severity().atLeast(Severity.HIGH)).map(c -> c.target() + " (line " + c.line() + ")").distinct().limit(8).collect(Collectors.joining(", "));
          ctx.report(
              RuleCatalog.rule("hf.remote-code-dangerous").finding(worst, ctx.location(-1), e.getValue() + " imports " + file + ", which makes dangerous calls when imported or used: " + calls + " (heuristic token scan of the file, not run).", calls));
        }
      }
    }

    private PythonCodeAnalyzer.Analysis analyse(String file, long size) throws IOException {
      if (size > PythonSourceScanner.MAX_SOURCE) {
        ctx.inconclusive("referenced Python module " + file + " is too large to analyse");
        return null;
      }
      try (ByteSource src = folder.open(file)) {
        return PythonCodeAnalyzer.analyze(new String(src.readFully(0, (int) size), StandardCharsets.UTF_8));
      }
    }
  }
}
