package io.modelvet.formats.tensorflow;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.proto.WireFields;
import io.modelvet.formats.common.proto.WireFields.Field;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * TensorFlow SavedModel ({@code saved_model.pb}: a {@code SavedModel} proto). Loading a SavedModel
 * runs its graph functions; the scanner reports ops that call Python, touch files or the network,
 * checkpoint ops outside the saver, and custom ops, in the main graph and in every library function.
 */
public final class TfSavedModelScanner implements Scanner {
  @Override
  public String format() {
    return "tf-savedmodel";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pb");
  }

  /**
   * Top-level fields may only be saved_model_schema_version (1, varint, small) and meta_graphs (2,
   * length-delimited); the first meta graph's visible fields must be MetaGraphDef fields 1-7, all
   * length-delimited. Needs at least one meta graph.
   */
  @Override
  public int sniffCeiling() {
    return 80;
  }

  @Override
  public int sniff(Head head) {
    byte[] b = head.bytes();
    List<Field> top = WireFields.parse(b, 0, b.length, true, 16);
    if (top == null || top.isEmpty()) return 0;
    Field firstMeta = null;
    for (Field f : top) {
      if (f.number() == 1 && f.wire() == 0 && f.value() >= 0 && f.value() < 100) continue;
      if (f.number() == 2 && f.wire() == 2) {
        if (firstMeta == null) firstMeta = f;
        continue;
      }
      return 0;
    }
    if (firstMeta == null || firstMeta.length() == 0) return 0;
    int end = (int) Math.min(b.length, firstMeta.start() + firstMeta.length());
    List<Field> meta = WireFields.parse(b, firstMeta.start(), end, true, 16);
    if (meta == null || meta.isEmpty()) return 0;
    for (Field f : meta) if (f.number() < 1 || f.number() > 7 || f.wire() != 2) return 0;
    return 80;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    List<TfGraph> graphs = new TfGraphParser(ctx).parseSavedModel();
    TfGraphAnalyzer analyzer = new TfGraphAnalyzer(ctx);
    for (TfGraph g : graphs) {
      String label = "meta graph " + g.index + (g.tags.isEmpty() ? "" : " " + g.tags);
      analyzer.analyse(g, label + " main graph");
    }
  }
}
