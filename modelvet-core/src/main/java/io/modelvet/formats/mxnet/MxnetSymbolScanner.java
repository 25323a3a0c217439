package io.modelvet.formats.mxnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.formats.common.JsonStrings;
import io.modelvet.formats.common.JsonSupport;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * MXNet symbol files ({@code model-symbol.json}): the graph as {@code nodes} with an {@code op}
 * each. {@code Custom} operators are implemented by a Python class the loading process registers
 * under {@code op_type}; operators MXNet does not ship come from native libraries. Node inputs
 * must point at earlier nodes; every string goes through the payload checks.
 */
public final class MxnetSymbolScanner implements Scanner {
  /** The reviewed operators, read when the first symbol file is scanned rather than at start-up. */
  private static final class Known {
    static final Set<String> OPS = new HashSet<>();

    static {
      for (String[] r : ReviewedList.load("/io/modelvet/mxnet/known-ops.tsv", 2, 1)) OPS.add(r[0]);
    }
  }

  @Override
  public String format() {
    return "mxnet-symbol";
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
    if (!JsonSupport.looksLikeJson(head)) return 0;
    Set<String> keys = JsonSupport.topLevelKeys(head);
    if (!keys.contains("nodes")) return 0;
    String text = head.latin1().replaceAll("\\s+", "");
    return text.contains("\"op\":\"null\"") && (keys.contains("arg_nodes") || keys.contains("heads") || text.contains("\"inputs\":[")) ? 75 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = JsonSupport.readTree(ctx);
    JsonNode nodes = root.path("nodes");
    if (!nodes.isArray()) {
      ctx.inconclusive("JSON has no MXNet nodes array");
      return;
    }
    CappedReports reports = new CappedReports(ctx, 50);
    Set<String> unknown = new LinkedHashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      if ((i & 0xfff) == 0) ctx.checkDeadline();
      JsonNode n = nodes.get(i);
      String op = n.path("op").asText("");
      String name = n.path("name").asText("");
      JsonNode attrs = n.has("attrs") ? n.path("attrs") : n.path("param");
      if (op.equals("Custom")) {
        String type = attrs.path("op_type").asText("?");
        reports.report("mxnet.custom-op", -1,
            "Node \"" + name + "\" is a Custom operator of op_type \"" + type + "\". MXNet runs the Python class registered under that name (mx.operator.register) in the loading process; that code is not in the model file and must come from the model's author.",
            "Custom(op_type=" + type + ")");
      } else if (!op.isEmpty() && !Known.OPS.contains(op)) {
        unknown.add(op);
      }
      for (JsonNode in : n.path("inputs")) {
        long src = in.path(0).asLong(-1);
        if (src < 0 || src >= i) {
          reports.report("mxnet.malformed-graph", -1, "Node \"" + name + "\" (" + i + ") takes input from node " + src + ", which is not an earlier node. MXNet indexes its node table with this value.", "node " + i + " input " + in);
          break;
        }
      }
    }
    if (!unknown.isEmpty())
      ctx.report("mxnet.unknown-op", -1,
          "The symbol uses " + unknown.size() + " operator type(s) MXNet does not ship as far as ModelVet knows: " + String.join(", ", unknown.stream().limit(20).toList()) + ". They come from a library loaded with mx.library.load (native code) or a newer MXNet.",
          String.join(", ", unknown.stream().limit(20).toList()));
    for (Map.Entry<String, JsonNode> e : root.properties()) if (!e.getKey().equals("nodes")) JsonStrings.check(ctx, e.getValue());
    JsonStrings.check(ctx, nodes);
  }
}
