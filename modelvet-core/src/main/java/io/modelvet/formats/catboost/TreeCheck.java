package io.modelvet.formats.catboost;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.FlatReader;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.List;

/**
 * Consistency of {@code TModelTrees} (catboost's {@code model.fbs}; fields: ApproxDimension 0,
 * TreeSplits 1, TreeSizes 2, TreeStartOffsets 3, CatFeatures 4, FloatFeatures 5, OneHotFeatures 6,
 * CtrFeatures 7, LeafValues 8, LeafWeights 9, NonSymmetricStepNodes 10, NonSymmetricNodeIdToLeafId
 * 11, TextFeatures 12, EstimatedFeatures 13, EmbeddingFeatures 18). Symmetric (oblivious) trees:
 * TreeSizes are depths, their sum is the number of splits and the leaf values hold
 * {@code ApproxDimension × Σ 2^depth} doubles. Non-symmetric trees: TreeSizes are node counts, one
 * step node and one leaf link per split, and child steps stay inside their tree. Every split index
 * must name one of the model's binary features (the borders of float, CTR and estimated features
 * and the one-hot values). Feature names and one-hot strings go through the payload checks.
 */
final class TreeCheck {
  private static final int MAX_APPROX = 1 << 16;
  private static final int MAX_DEPTH = 32;
  private static final long MAX_ELEMENTS = 1L << 28;
  private static final int MAX_NAME = 1 << 16;
  private static final long NO_LEAF = 0xFFFFFFFFL;

  private final ScanContext ctx;
  private final FlatReader f;
  private final long trees;
  private final List<String> problems;

  private TreeCheck(ScanContext ctx, FlatReader f, long trees, List<String> problems) {
    this.ctx = ctx;
    this.f = f;
    this.trees = trees;
    this.problems = problems;
  }

  /** Adds a description of each inconsistency of the trees at {@code trees} to {@code problems}. */
  static void check(ScanContext ctx, FlatReader f, long trees, List<String> problems) throws IOException {
    new TreeCheck(ctx, f, trees, problems).run();
  }

  private void run() throws IOException {
    int approx = f.i32Field(trees, 0, 0);
    if (approx < 1 || approx > MAX_APPROX) {
      problems.add("approx dimension " + approx);
      return;
    }
    long binFeatures = features();
    Vec splits = vec(1, 4);
    Vec sizes = vec(2, 4);
    Vec offsets = vec(3, 4);
    Vec leaves = vec(8, 8);
    Vec weights = vec(9, 8);
    Vec steps = vec(10, 4);
    Vec leafLinks = vec(11, 4);
    if (offsets.n > 0 && offsets.n != sizes.n) problems.add(offsets.n + " tree start offsets for " + sizes.n + " trees");
    boolean symmetric = steps.n == 0;
    long total = 0;
    long leafCount = 0;
    for (long i = 0; i < sizes.n; i++) {
      if ((i & 0xfff) == 0) ctx.checkDeadline();
      int size = f.i32(sizes.at(i));
      if (size < 0 || (symmetric && size > MAX_DEPTH)) {
        problems.add("tree " + i + " has the " + (symmetric ? "depth " : "node count ") + size);
        return;
      }
      if (offsets.n == sizes.n && f.i32(offsets.at(i)) != total) {
        problems.add("tree " + i + " starts at split " + f.i32(offsets.at(i)) + " instead of " + total);
        return;
      }
      if (!symmetric && !stepsStayInTree(steps, total, size, i)) return;
      total += size;
      leafCount += symmetric ? 1L << size : 0;
    }
    if (total != splits.n) problems.add("the tree sizes add up to " + total + " splits but " + splits.n + " are stored");
    if (symmetric) {
      if (leaves.n % approx != 0 || leaves.n / approx != leafCount) problems.add(leaves.n + " leaf values for " + leafCount + " leaves of dimension " + approx);
      if (weights.n > 0 && weights.n != leafCount) problems.add(weights.n + " leaf weights for " + leafCount + " leaves");
    } else {
      if (steps.n != splits.n) problems.add(steps.n + " step nodes for " + splits.n + " splits");
      if (leafLinks.n != splits.n) problems.add(leafLinks.n + " node-to-leaf links for " + splits.n + " splits");
      else leafLinksInRange(leafLinks, leaves.n);
    }
    splitsInRange(splits, binFeatures);
  }

  /** Non-symmetric step node {LeftSubtreeDiff u16, RightSubtreeDiff u16}: a non-zero diff must stay in the tree. */
  private boolean stepsStayInTree(Vec steps, long start, int size, long tree) throws IOException {
    if (start + size > steps.n) {
      problems.add("tree " + tree + " needs step nodes up to " + (start + size) + " but " + steps.n + " are stored");
      return false;
    }
    for (long node = start; node < start + size; node++) {
      if ((node & 0xffff) == 0xffff) ctx.checkDeadline();
      long at = steps.at(node);
      for (int diff : new int[] {f.u16(at), f.u16(at + 2)}) {
        if (node + diff >= start + size) {
          problems.add("step node " + node + " of tree " + tree + " jumps " + diff + " nodes, past the end of its tree");
          return false;
        }
      }
    }
    return true;
  }

  private void leafLinksInRange(Vec links, long leafValues) throws IOException {
    for (long i = 0; i < links.n; i++) {
      if ((i & 0xffff) == 0xffff) ctx.checkDeadline();
      long leaf = f.u32(links.at(i));
      if (leaf != NO_LEAF && leaf >= leafValues) {
        problems.add("node " + i + " links to leaf value " + leaf + " of " + leafValues);
        return;
      }
    }
  }

  private void splitsInRange(Vec splits, long binFeatures) throws IOException {
    for (long i = 0; i < splits.n; i++) {
      if ((i & 0xffff) == 0) ctx.checkDeadline();
      int split = f.i32(splits.at(i));
      if (split < 0 || split >= binFeatures) {
        problems.add("split " + i + " uses binary feature " + split + " but the model has " + binFeatures);
        return;
      }
    }
  }

  /**
   * Counts the binary features (float borders 5.3, one-hot values 6.1, CTR borders 7.1, estimated
   * borders 13.3) and checks the feature names (float 5.4, categorical 4.2, text 12.2, embedding
   * 18.2) and one-hot string values (6.2).
   */
  private long features() throws IOException {
    long count = 0;
    count += each(5, 3, 4, 4);
    count += each(6, 1, 4, -1);
    count += each(7, 1, 4, -1);
    count += each(13, 3, 4, -1);
    each(4, -1, 0, 2);
    each(12, -1, 0, 2);
    each(18, -1, 0, 2);
    Vec oneHot = vec(6, 4);
    for (long i = 0; i < oneHot.n; i++) {
      long strings = f.vector(f.tableAt(oneHot.start, i), 2);
      long n = strings < 0 ? 0 : f.length(strings, 4);
      for (long j = 0; j < n; j++) PayloadChecks.checkInertText(ctx, f.stringAt(strings + 4 + 4 * j, MAX_NAME), "a one-hot feature value", -1);
    }
    return count;
  }

  /**
   * For each table of the vector in field {@code field}: adds up the lengths of its vector field
   * {@code counted} (elements of {@code size} bytes; none when negative) and checks its string field
   * {@code name} (none when negative).
   */
  private long each(int field, int counted, int size, int name) throws IOException {
    Vec tables = vec(field, 4);
    long sum = 0;
    for (long i = 0; i < tables.n; i++) {
      if ((i & 0xfff) == 0xfff) ctx.checkDeadline();
      long t = f.tableAt(tables.start, i);
      if (counted >= 0) {
        long v = f.vector(t, counted);
        sum += v < 0 ? 0 : f.length(v, size);
      }
      if (name >= 0) PayloadChecks.checkInertText(ctx, f.string(t, name, MAX_NAME), "a feature name", -1);
    }
    return sum;
  }

  private Vec vec(int field, int size) throws IOException {
    long v = f.vector(trees, field);
    if (v < 0) return new Vec(-1, 0, size);
    long n = f.length(v, size);
    if (n > MAX_ELEMENTS) throw new MalformedException("CatBoost vector of " + n + " elements");
    return new Vec(v, n, size);
  }

  /** A FlatBuffers vector: its length-prefix position, element count and element size. */
  private record Vec(long start, long n, int size) {
    long at(long i) {
      return start + 4 + (long) size * i;
    }
  }
}
