package io.modelvet.formats.xgboost;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;

/**
 * XGBoost's legacy binary model ({@code save_model("*.bin")} before 2.0, "binf" magic), read
 * field by field as {@code Learner::LoadModel} does: the 136-byte {@code LearnerModelParamLegacy},
 * objective and booster names, the booster's parameters and trees (node arrays bounds-checked),
 * then the optional attributes and metric names. Everything is little-endian raw structs.
 */
final class XgboostLegacyBinary {
  static final byte[] MAGIC = {'b', 'i', 'n', 'f'};
  private static final int LEARNER_PARAM = 136;
  private static final int GBTREE_PARAM = 160;
  private static final int TREE_PARAM = 148;
  private static final int NODE = 20;
  private static final int NODE_STAT = 16;
  private static final int MAX_NAME = 4096;

  private final ScanContext ctx;
  private final SourceReader in;
  private final CappedReports reports;

  XgboostLegacyBinary(ScanContext ctx) {
    this.ctx = ctx;
    this.in = SourceReader.of(ctx.source());
    this.reports = new CappedReports(ctx, 20);
  }

  void read() throws IOException {
    in.skip(MAGIC.length);
    long paramAt = in.position();
    in.skip(4); // base_score
    long features = in.readU32();
    in.skip(4); // num_class
    int extraAttrs = in.readI32();
    int evalMetrics = in.readI32();
    in.skip(paramAt + LEARNER_PARAM - in.position());
    String objective = name("objective");
    String booster = name("booster");
    component("objective", objective);
    component("booster", booster);
    switch (booster) {
      case "gbtree" -> trees(features);
      case "dart" -> {
        trees(features);
        floats("dart weight_drop");
      }
      case "gblinear" -> {
        in.skip(136); // GBLinearModelParam
        floats("linear weights");
      }
      default -> {
        ctx.inconclusive("XGBoost booster \"" + booster + "\" has an unknown layout; the rest of the file was not analysed");
        return;
      }
    }
    if (extraAttrs != 0) {
      long n = count("attributes", 16);
      for (long i = 0; i < n; i++) {
        String key = name("attribute name");
        PayloadChecks.checkString(ctx, name("attribute " + key), "attribute \"" + key + "\"", in.position());
      }
    }
    if (objective.equals("count:poisson")) name("max_delta_step");
    if (evalMetrics != 0) {
      long n = count("metrics", 8);
      for (long i = 0; i < n; i++) name("metric");
    }
    long trailing = in.remaining();
    if (trailing > 0) {
      ctx.report("xgboost.trailing-data", in.position(), trailing + " bytes follow the end of the XGBoost model. XGBoost ignores them; they are scanned as a member because data appended to a model is a common way to smuggle a payload.", trailing + " bytes at offset " + in.position());
      ctx.scanMember("trailing-data", ctx.source().slice(in.position(), trailing));
    }
  }

  private void trees(long features) throws IOException {
    long paramAt = in.position();
    int numTrees = in.readI32();
    if (numTrees < 0) throw new MalformedException("negative tree count " + numTrees);
    in.skip(paramAt + GBTREE_PARAM - in.position());
    for (int t = 0; t < numTrees; t++) {
      if ((t & 0xff) == 0) ctx.checkDeadline();
      long at = in.position();
      in.skip(4); // deprecated num_roots
      int nodes = in.readI32();
      if (nodes <= 0 || (long) nodes * (NODE + NODE_STAT) > in.remaining() - (TREE_PARAM - 8))
        throw new MalformedException("tree " + t + " declares " + nodes + " nodes, more than the file holds");
      in.skip(at + TREE_PARAM - in.position());
      boolean bad = false;
      for (int n = 0; n < nodes; n++) {
        long nodeAt = in.position();
        in.skip(4); // parent
        int left = in.readI32();
        int right = in.readI32();
        long split = in.readU32() & 0x7fffffffL;
        in.skip(4);
        if (bad) continue;
        if (!XgboostModelCheck.child(left, n, nodes) || !XgboostModelCheck.child(right, n, nodes)) {
          reports.report("xgboost.malformed-tree", nodeAt, "tree " + t + ": node " + n + " points to a child outside the tree's " + nodes + " nodes; prediction would read out of bounds.", "tree " + t + " node " + n + " left=" + left + " right=" + right);
          bad = true;
        } else if (left != -1 && features > 0 && split >= features) {
          reports.report("xgboost.malformed-tree", nodeAt, "tree " + t + ": node " + n + " splits on feature " + split + " but the model has " + features + " features.", "tree " + t + " node " + n + " split_index=" + split);
          bad = true;
        }
      }
      in.skip((long) nodes * NODE_STAT);
    }
    if (numTrees > 0) in.skip(4L * numTrees); // tree_info
  }

  private void floats(String what) throws IOException {
    long n = count(what, 4);
    in.skip(n * 4);
  }

  /** A u64 element count, checked against the bytes left for elements of at least {@code width} bytes. */
  private long count(String what, int width) throws IOException {
    long n = in.readI64();
    if (n < 0 || n > in.remaining() / width) throw new MalformedException(what + " count " + n + " does not fit in the " + in.remaining() + " bytes left");
    return n;
  }

  private String name(String what) throws IOException {
    long n = in.readI64();
    if (n < 0 || n > MAX_NAME) throw new MalformedException(what + " of " + n + " bytes (at most " + MAX_NAME + " expected)");
    return in.readUtf8(n, MAX_NAME);
  }

  private void component(String kind, String name) {
    if (XgboostComponents.known(kind, name)) return;
    ctx.report("xgboost.unknown-component", -1,
        "The model names the " + kind + " \"" + name + "\", which XGBoost does not implement. Loading it needs a plugin library registered under that name, or the file was crafted.",
        kind + "=" + name);
  }
}
