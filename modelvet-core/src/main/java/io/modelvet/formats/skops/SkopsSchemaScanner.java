package io.modelvet.formats.skops;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.formats.common.NameRules;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code schema.json} of a skops archive: the tree of nodes {@code skops.io.load} rebuilds. Asks
 * the questions skops' own {@code get_untrusted_types} answers: every type and function outside
 * its default trusted set ({@code skops/trusted.tsv}) must be trusted by the user before loading,
 * and then runs. Function, method and operator nodes name callables (operator nodes reach
 * attributes, the bypass behind CVE-2025-54412); dangerous ones are CRITICAL. Arrays are separate
 * {@code .npy} members, scanned by the NumPy scanner.
 */
public final class SkopsSchemaScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final NameRules TYPES = NameRules.load("/io/modelvet/skops/trusted.tsv");
  }
  private static final int REPORTS_PER_RULE = 25;

  @Override
  public String format() {
    return "skops-schema";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("json");
  }

  @Override
  public int sniffCeiling() {
    return 75;
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.hasTopLevelKeys(head, "__loader__", "protocol", "_skops_version") ? 75 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = JsonSupport.readTree(ctx);
    CappedReports out = new CappedReports(ctx, REPORTS_PER_RULE);
    Set<String> untrusted = new LinkedHashSet<>();
    walk(out, root, "", untrusted);
    if (!untrusted.isEmpty()) {
      // Classes rebuilt from state (ObjectNode, TypeNode) are like unknown classes in a pickle;
      // functions, methods and reduce calls run the named callable while loading.
      boolean calls = untrusted.stream().anyMatch(n -> n.endsWith("Node)"));
      out.report("skops.untrusted-type", calls ? Severity.MEDIUM : Severity.LOW, -1,
          "skops.io.load refuses this file until the user trusts " + untrusted.size() + " type(s) or function(s) outside its default set; trusting them lets the file "
              + (calls ? "call them while loading." : "rebuild instances of them from stored state (their __setstate__ runs)."),
          String.join(", ", untrusted.stream().limit(20).toList()));
    }
  }

  private static void walk(CappedReports out, JsonNode node, String path, Set<String> untrusted) {
    if (node.isArray()) {
      int i = 0;
      for (JsonNode n : node) walk(out, n, path + "[" + i++ + "]", untrusted);
      return;
    }
    if (!node.isObject()) return;
    String loader = node.path("__loader__").asText("");
    if (!loader.isEmpty()) check(out, node, loader, path, untrusted);
    for (Map.Entry<String, JsonNode> e : node.properties()) walk(out, e.getValue(), path + "/" + e.getKey(), untrusted);
  }

  private static void check(CappedReports out, JsonNode node, String loader, String path, Set<String> untrusted) {
    String type = node.path("__module__").asText("") + "." + node.path("__class__").asText("");
    String callable = switch (loader) {
      case "FunctionNode" -> node.path("content").path("module_path").asText("") + "." + node.path("content").path("function").asText("");
      case "TypeNode" -> node.path("content").path("__module__").asText("") + "." + node.path("content").path("__class__").asText("");
      case "MethodNode" -> type + "." + node.path("content").path("func").asText("");
      default -> null;
    };
    String name = callable != null ? callable : type;
    String verdict = verdict(name);
    String where = path.isEmpty() ? "/" : path;
    if (loader.equals("OperatorFuncNode")) {
      out.report("skops.operator", Severity.HIGH, -1, where + " is an operator node (" + type + "): operator.attrgetter/itemgetter/methodcaller objects reach arbitrary attributes of whatever they are applied to, the skops bypass behind CVE-2025-54412.", type);
      return;
    }
    if ("dangerous".equals(verdict)) {
      out.report("skops.dangerous-callable", Severity.CRITICAL, -1, where + " (" + loader + ") names " + name + ", which runs commands, evaluates code or touches files; a user who trusts it lets the file call it on load.", name);
      return;
    }
    boolean call = (callable != null && !loader.equals("TypeNode")) || loader.equals("ReduceNode");
    if (!"trusted".equals(verdict)) untrusted.add(name + (call ? " (" + loader + ")" : ""));
  }

  /** "trusted", "dangerous" or null. */
  private static String verdict(String name) {
    NameRules.Entry e = Reviewed.TYPES.match(name);
    return e == null ? null : e.verdict();
  }
}
