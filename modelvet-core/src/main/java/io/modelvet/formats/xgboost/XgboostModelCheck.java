package io.modelvet.formats.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;

/**
 * Checks an XGBoost model held as a JSON tree (from {@code .json}, {@code .ubj} or the buffer a
 * pickled booster carries): built-in objective and booster, and every tree's node arrays
 * (lengths agree with {@code num_nodes}, child indices stay inside the tree, split features stay
 * below {@code num_feature}). XGBoost's loader trusts these indices when predicting.
 */
final class XgboostModelCheck {
  private final ScanContext ctx;
  private final CappedReports reports;

  XgboostModelCheck(ScanContext ctx) {
    this.ctx = ctx;
    this.reports = new CappedReports(ctx, 20);
  }

  /** Returns false when the document is not an XGBoost model or configuration at all. */
  boolean check(JsonNode root) throws BudgetExceededException {
    JsonNode learner = root.path("learner");
    if (root.has("Model") || root.has("Config")) learner = root.path("Model").path("learner");
    if (!learner.isObject()) learner = root.path("Config").path("learner");
    if (!learner.isObject()) return false;
    component("objective", learner.path("objective").path("name"));
    JsonNode gbm = learner.path("gradient_booster");
    component("booster", gbm.path("name"));
    long features = number(learner.path("learner_model_param").path("num_feature"));
    JsonNode model = gbm.path("model");
    if (!model.isObject()) model = gbm.path("gbtree").path("model"); // dart wraps a gbtree
    JsonNode trees = model.path("trees");
    if (trees.isArray()) {
      for (int i = 0; i < trees.size(); i++) {
        if ((i & 0xff) == 0) ctx.checkDeadline();
        tree(i, trees.get(i), features);
      }
      JsonNode info = model.path("tree_info");
      if (info.isArray() && info.size() != trees.size())
        reports.report("xgboost.malformed-tree", -1, "The model lists " + trees.size() + " trees but " + info.size() + " tree_info entries; XGBoost indexes one with the other.", "trees=" + trees.size() + " tree_info=" + info.size());
    }
    return true;
  }

  private void component(String kind, JsonNode name) {
    if (!name.isTextual() || XgboostComponents.known(kind, name.asText())) return;
    ctx.report("xgboost.unknown-component", -1,
        "The model names the " + kind + " \"" + name.asText() + "\", which XGBoost does not implement. Loading it needs a plugin library registered under that name, or the file was crafted.",
        kind + "=" + name.asText());
  }

  private void tree(int index, JsonNode tree, long features) {
    long nodes = number(tree.path("tree_param").path("num_nodes"));
    if (nodes < 0) return;
    String where = "tree " + index;
    for (String field : new String[] {"left_children", "right_children", "parents", "split_indices", "split_conditions", "default_left"}) {
      JsonNode a = tree.path(field);
      if (a.isArray() && a.size() != nodes) {
        reports.report("xgboost.malformed-tree", -1, where + ": " + field + " has " + a.size() + " entries for " + nodes + " nodes.", where + " " + field + ".length=" + a.size() + " num_nodes=" + nodes);
        return;
      }
    }
    JsonNode left = tree.path("left_children");
    JsonNode right = tree.path("right_children");
    JsonNode split = tree.path("split_indices");
    if (!left.isArray() || !right.isArray()) return;
    for (int n = 0; n < nodes; n++) {
      long l = left.get(n).asLong();
      long r = right.get(n).asLong();
      if (!child(l, n, nodes) || !child(r, n, nodes)) {
        reports.report("xgboost.malformed-tree", -1, where + ": node " + n + " points to child " + (child(l, n, nodes) ? r : l) + " outside the tree's " + nodes + " nodes; prediction would read out of bounds.", where + " node " + n + " left=" + l + " right=" + r);
        return;
      }
      if (l != -1 && split.isArray() && features > 0 && (split.get(n).asLong() < 0 || split.get(n).asLong() >= features)) {
        reports.report("xgboost.malformed-tree", -1, where + ": node " + n + " splits on feature " + split.get(n).asLong() + " but the model has " + features + " features.", where + " node " + n + " split_index=" + split.get(n).asLong());
        return;
      }
    }
  }

  /** A child index is -1 (leaf) or another node of the tree, never the root or itself. */
  static boolean child(long c, long self, long nodes) {
    return c == -1 || (c > 0 && c < nodes && c != self);
  }

  /** XGBoost writes counts as decimal strings in JSON; numbers are accepted too. -1 when absent. */
  static long number(JsonNode n) {
    if (n.isNumber()) return n.asLong();
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText().strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
