package io.modelvet.formats.tensorflow;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.proto.WireFields;
import io.modelvet.formats.common.proto.WireFields.Field;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bare TensorFlow {@code GraphDef} (frozen graphs, {@code tf.io.write_graph} output). It has no
 * SaverDef, so checkpoint ops are judged by the TF1 default saver scope only; otherwise the same
 * op checks as SavedModels apply.
 */
public final class TfGraphDefScanner implements Scanner {
  private static final Pattern OP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_>.]*");

  @Override
  public String format() {
    return "tf-graphdef";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pb");
  }

  /**
   * Top-level fields are GraphDef fields (node 1, library 2, version 3, versions 4), and the first
   * field is a NodeDef whose name is text and whose op is an identifier.
   */
  @Override
  public int sniffCeiling() {
    return 60;
  }

  @Override
  public int sniff(Head head) {
    byte[] b = head.bytes();
    List<Field> top = WireFields.parse(b, 0, b.length, true, 64);
    if (top == null || top.isEmpty()) return 0;
    for (Field f : top) {
      boolean ok = f.number() == 3 ? f.wire() == 0 : f.number() >= 1 && f.number() <= 4 && f.wire() == 2;
      if (!ok) return 0;
    }
    Field first = top.get(0);
    if (first.number() != 1) return 0;
    List<Field> node = WireFields.parse(b, first.start(), (int) Math.min(b.length, first.start() + first.length()), true, 8);
    if (node == null || node.size() < 2) return 0;
    Field name = node.get(0);
    Field op = node.get(1);
    if (name.number() != 1 || name.wire() != 2 || name.truncated() || !WireFields.isText(b, name.start(), (int) name.length())) return 0;
    if (op.number() != 2 || op.wire() != 2 || op.truncated() || op.length() == 0) return 0;
    String opName = new String(b, op.start(), (int) op.length(), java.nio.charset.StandardCharsets.ISO_8859_1);
    return OP_NAME.matcher(opName).matches() ? 60 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    TfGraph g = new TfGraphParser(ctx).parseGraphDef();
    new TfGraphAnalyzer(ctx).analyse(g, "graph");
  }
}
