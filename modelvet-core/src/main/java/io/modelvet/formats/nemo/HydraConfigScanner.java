package io.modelvet.formats.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.NameRules;
import io.modelvet.formats.common.YamlSupport;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hydra-style YAML configurations, above all NeMo's {@code model_config.yaml} inside a
 * {@code .nemo} archive. {@code hydra.utils.instantiate} imports the dotted path in every
 * {@code _target_} (and NeMo imports the top-level {@code target} model class) and calls it with
 * the sibling keys and {@code _args_}; {@code _partial_} defers the call. A target outside the
 * reviewed NeMo / PyTorch / OmegaConf / Lightning namespaces is code execution by configuration,
 * the same family as the Keras {@code module} / {@code registered_name} CVEs. Prefixes and their
 * verdicts are data: {@code nemo/hydra-targets.tsv}.
 */
public final class HydraConfigScanner implements Scanner {
  private static final Pattern TARGET_LINE = Pattern.compile("(?m)^\\s*(-\\s+)?_target_\\s*:");

  /** The reviewed targets, read when the first Hydra config is scanned rather than at start-up. */
  private static final class Targets {
    static final NameRules RULES = NameRules.load("/io/modelvet/nemo/hydra-targets.tsv");
  }
  private static final int REPORTS_PER_RULE = 25;

  @Override
  public String format() {
    return "hydra-config";
  }

  /** Instantiating a config imports and calls the classes it names. */
  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniffCeiling() {
    return 45;
  }

  @Override
  public int sniff(Head head) {
    if (!head.looksLikeText()) return 0;
    return TARGET_LINE.matcher(head.latin1()).find() ? 45 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = YamlSupport.readTree(ctx);
    CappedReports out = new CappedReports(ctx, REPORTS_PER_RULE);
    if (root.path("target").isTextual()) {
      ctx.setFormat("nemo-config");
      check(out, root.path("target").asText(), "target", root, false);
    }
    walk(out, root, "");
  }

  private static void walk(CappedReports out, JsonNode node, String path) {
    if (node.isObject()) {
      JsonNode t = node.get("_target_");
      if (t != null) check(out, t.asText(""), path.isEmpty() ? "_target_" : path + "._target_", node, node.path("_partial_").asBoolean(false));
      for (Map.Entry<String, JsonNode> e : node.properties()) walk(out, e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
    } else if (node.isArray()) {
      int i = 0;
      for (JsonNode n : node) walk(out, n, path + "[" + i++ + "]");
    }
  }

  private static void check(CappedReports out, String target, String where, JsonNode node, boolean partial) {
    NameRules.Entry rule = Targets.RULES.match(target);
    String verdict = rule == null ? null : rule.verdict();
    String reason = rule == null ? null : rule.reason();
    if ("allow".equals(verdict)) return;
    String call = target + "(" + arguments(node) + ")";
    String when = partial ? " _partial_ is set, so instantiate returns it bound to these arguments and the model calls it later." : " instantiate imports it and calls it with the keys next to it.";
    if ("deny".equals(verdict))
      out.report("nemo.hydra-target-dangerous", Severity.CRITICAL, -1, where + " names " + target + " (" + reason + ")." + when + " Loading the model runs it.", call);
    else
      out.report("nemo.hydra-target-untrusted", Severity.HIGH, -1, where + " names " + target + ", outside the NeMo, PyTorch, OmegaConf and Lightning classes a model config needs." + when + " Whatever that import path resolves to runs on load.", call);
  }

  /** {@code _args_} and keyword keys, short, for evidence. */
  private static String arguments(JsonNode node) {
    List<String> args = new ArrayList<>();
    if (node == null || !node.isObject()) return "";
    for (JsonNode a : node.path("_args_")) args.add(a.isTextual() ? "'" + a.asText() + "'" : a.toString());
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().startsWith("_") && e.getKey().endsWith("_")) continue;
      if (e.getKey().equals("target")) continue;
      JsonNode v = e.getValue();
      args.add(e.getKey() + "=" + (v.isContainerNode() ? "{…}" : v.isTextual() ? "'" + v.asText() + "'" : v.asText()));
      if (args.size() >= 8) break;
    }
    String s = String.join(", ", args);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
