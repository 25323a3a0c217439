package io.modelvet.formats.lightgbm;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * LightGBM text models ({@code Booster.save_model}, "tree" then "version=v3/v4"). Data only: the
 * scanner checks what LightGBM trusts when predicting (child indices inside each tree, split
 * features below {@code max_feature_idx}, array lengths matching {@code num_leaves}), names
 * objectives LightGBM does not implement, and passes parameters and {@code pandas_categorical}
 * to the payload checks.
 */
public final class LightgbmScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> OBJECTIVES =
        ReviewedList.load("/io/modelvet/lightgbm/objectives.tsv", 2, 1).stream().map(r -> r[0]).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public String format() {
    return "lightgbm";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("txt", "model", "lgb");
  }

  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    return head.startsWith("tree\nversion=v") || head.startsWith("tree\r\nversion=v") ? 90 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    new Model(ctx).read();
  }

  /** One pass over the model text. */
  private static final class Model {
    private final ScanContext ctx;
    private final SourceReader in;
    private final CappedReports reports;
    private final int maxLine;
    private long maxFeature = -1;
    private int trees;

    Model(ScanContext ctx) {
      this.ctx = ctx;
      this.in = SourceReader.of(ctx.source());
      this.reports = new CappedReports(ctx, 20);
      this.maxLine = ctx.budgets().maxOperandBytes();
    }

    void read() throws IOException {
      Map<String, String> tree = null;
      String section = "header";
      String line;
      long lines = 0;
      while ((line = line()) != null) {
        if ((++lines & 0xfff) == 0) ctx.checkDeadline();
        if (line.startsWith("Tree=")) {
          if (tree != null) tree(tree);
          tree = new HashMap<>();
          tree.put("Tree", line.substring(5));
          section = "tree";
        } else if (line.equals("end of trees")) {
          if (tree != null) tree(tree);
          tree = null;
          section = "tail";
        } else if (section.equals("header")) {
          header(line);
        } else if (section.equals("tree")) {
          int eq = line.indexOf('=');
          if (eq > 0) tree.put(line.substring(0, eq), line.substring(eq + 1));
        } else if (!line.isBlank()) {
          PayloadChecks.checkString(ctx, line, "model text after the trees", in.position());
        }
      }
      if (tree != null) tree(tree);
      if (!section.equals("tail")) {
        ctx.report("lightgbm.malformed-model", -1, "The model ends without \"end of trees\" after " + trees + " trees; it is truncated or was edited.", trees + " trees read");
      }
    }

    private void header(String line) {
      int eq = line.indexOf('=');
      if (eq < 0) return;
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.equals("max_feature_idx")) maxFeature = number(value);
      if (key.equals("objective")) {
        String name = value.split(" ", 2)[0];
        if (!name.isEmpty() && !Reviewed.OBJECTIVES.contains(name))
          ctx.report("lightgbm.unknown-objective", -1, "The model names the objective \"" + name + "\", which LightGBM does not implement; loading it fails or needs a modified LightGBM.", "objective=" + value);
      }
      if (!key.equals("feature_infos") && !key.equals("tree_sizes")) PayloadChecks.checkString(ctx, value, "header field " + key, -1);
    }

    private void tree(Map<String, String> t) {
      trees++;
      String id = "tree " + t.get("Tree");
      long leaves = number(t.getOrDefault("num_leaves", ""));
      if (leaves < 1) {
        reports.report("lightgbm.malformed-tree", -1, id + " declares num_leaves=" + t.get("num_leaves") + ".", id + " num_leaves=" + t.get("num_leaves"));
        return;
      }
      if (leaves == 1) return;
      long[] left = numbers(t.get("left_child"));
      long[] right = numbers(t.get("right_child"));
      long[] split = numbers(t.get("split_feature"));
      if (left == null || right == null || split == null || left.length != leaves - 1 || right.length != leaves - 1 || split.length != leaves - 1) {
        reports.report("lightgbm.malformed-tree", -1, id + ": the child or split arrays do not have num_leaves-1 = " + (leaves - 1) + " entries.", id + " num_leaves=" + leaves + " left_child=" + length(left) + " right_child=" + length(right) + " split_feature=" + length(split));
        return;
      }
      for (int n = 0; n < leaves - 1; n++) {
        for (long c : new long[] {left[n], right[n]}) {
          boolean ok = c >= 0 ? c < leaves - 1 && c != n : ~c < leaves;
          if (!ok) {
            reports.report("lightgbm.malformed-tree", -1, id + ": node " + n + " points to " + (c >= 0 ? "node " + c : "leaf " + ~c) + " outside the tree (" + leaves + " leaves); prediction would read out of bounds.", id + " node " + n + " child=" + c);
            return;
          }
        }
        if (maxFeature >= 0 && (split[n] < 0 || split[n] > maxFeature)) {
          reports.report("lightgbm.malformed-tree", -1, id + ": node " + n + " splits on feature " + split[n] + " but max_feature_idx is " + maxFeature + ".", id + " node " + n + " split_feature=" + split[n]);
          return;
        }
      }
    }

    private static String length(long[] a) {
      return a == null ? "missing" : String.valueOf(a.length);
    }

    private String line() throws IOException {
      if (in.atEnd()) return null;
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (out.size() >= maxLine) throw new MalformedException("line longer than " + maxLine + " bytes at " + in.position());
        out.write(b);
      }
      String s = out.toString(StandardCharsets.UTF_8);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static long number(String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private static long[] numbers(String s) {
      if (s == null) return null;
      String[] parts = s.strip().split(" ");
      long[] out = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          out[i] = Long.parseLong(parts[i]);
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return out;
    }
  }
}
