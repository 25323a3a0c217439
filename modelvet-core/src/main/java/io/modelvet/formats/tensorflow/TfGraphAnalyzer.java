package io.modelvet.formats.tensorflow;

import io.modelvet.formats.common.tensorflow.TfOpCatalog;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.tensorflow.TfGraph.Function;
import io.modelvet.formats.tensorflow.TfGraph.Node;
import io.modelvet.report.Finding;
import io.modelvet.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports the ops of a {@link TfGraph}: dangerous ops (Python callbacks, file and network access)
 * in the main graph and in every library function, checkpoint ops outside the saver (see {@link
 * TfSaverContext}), and ops that are neither TensorFlow's own nor functions of the graph. Uses of
 * the same op in the same place are grouped into one finding.
 */
final class TfGraphAnalyzer {
  private static final int EXAMPLES = 3;

  private final ScanContext ctx;
  private final TfOpCatalog catalog = TfOpCatalog.get();

  TfGraphAnalyzer(ScanContext ctx) {
    this.ctx = ctx;
  }

  void analyse(TfGraph g, String graphLabel) {
    TfSaverContext saver = new TfSaverContext(g);
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Node n : g.nodes) classify(g, n, graphLabel, saver.isSaverNode(n), groups);
    for (Function f : g.functions.values()) {
      boolean saverOnly = saver.isSaverOnly(f.name);
      for (Node n : f.nodes) classify(g, n, "function '" + f.name + "'", saverOnly, groups);
    }
    for (Group grp : groups.values()) grp.report(ctx);
  }

  private void classify(TfGraph g, Node n, String where, boolean inSaver, Map<String, Group> groups) {
    TfOpCatalog.Danger d = catalog.danger(n.op());
    if (d != null) {
      if (d.isCheckpoint() && inSaver) return;
      String context = d.isCheckpoint()
          ? " outside the model's checkpoint saver, where it can write or read graph-chosen paths"
          : "";
      groups.computeIfAbsent("d|" + n.op() + "|" + where, k -> new Group(
          RuleCatalog.rule("tf.dangerous-op").finding(d.severity(), ctx.location(n.offset()).withDetail(where),
              "Op " + n.op() + " appears in " + where + context + ": " + d.reason() + ".", null))).add(n);
      return;
    }
    if (catalog.isKnown(n.op()) || g.functions.containsKey(n.op())) return;
    groups.computeIfAbsent("u|" + n.op(), k -> new Group(
        RuleCatalog.rule("tf.unknown-op").finding(ctx.location(n.offset()).withDetail(where),
            "Op '" + n.op() + "' (first in " + where + ") is neither a TensorFlow op ModelVet recognises nor a function of the graph:"
                + " it is a custom or unrecognised op, and custom ops need a native kernel library loaded into TensorFlow.",
            null))).add(n);
  }

  /** One finding for all uses of an op in one place, with a few node names as evidence. */
  private static final class Group {
    private final Finding base;
    private final List<String> examples = new ArrayList<>();
    private int count;

    Group(Finding base) {
      this.base = base;
    }

    Group add(Node n) {
      count++;
      if (examples.size() < EXAMPLES) {
        String s = n.op() + " node '" + n.name() + "'";
        if (!n.strings().isEmpty()) s += " " + n.strings();
        examples.add(s);
      }
      return this;
    }

    void report(ScanContext ctx) {
      String evidence = String.join("; ", examples) + (count > examples.size() ? "; and " + (count - examples.size()) + " more" : "");
      String message = count > 1 ? base.message() + " (" + count + " nodes)" : base.message();
      ctx.report(new Finding(base.ruleId(), base.severity(), message, base.location(), evidence, base.owasp(), null));
    }
  }
}
