package io.modelvet.formats.onnx;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.proto.WireFields;
import io.modelvet.formats.common.proto.WireFields.Field;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * ONNX models ({@code ModelProto}). Loading an ONNX model runs no code by itself, but the model
 * decides which operator implementations and which files the runtime will use: custom-op domains
 * pull in native libraries, and external-data locations are file paths the loader follows.
 */
public final class OnnxScanner implements Scanner {
  @Override
  public String format() {
    return "onnx";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("onnx");
  }

  /**
   * Recognises a ModelProto by its leading fields: every top-level field in the first bytes must be
   * a ModelProto field with the right wire type, ir_version must be a small positive number, the
   * string fields (producer, domain, doc) must be text, and a graph or opset_import must start.
   */
  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    byte[] b = head.bytes();
    // A cut last field is accepted even in a complete file: a truncated model is still ONNX (and
    // then inconclusive), not an unknown format.
    List<Field> fields = WireFields.parse(b, 0, b.length, true, 64);
    if (fields == null || fields.isEmpty()) return 0;
    boolean irVersion = false;
    boolean body = false;
    for (Field f : fields) {
      switch (f.number()) {
        case 1 -> {
          if (f.wire() != 0 || f.value() < 1 || f.value() > 64) return 0;
          irVersion = true;
        }
        case 5 -> {
          if (f.wire() != 0) return 0;
        }
        case 2, 3, 4, 6 -> {
          if (f.wire() != 2 || !WireFields.isText(b, f.start(), (int) Math.min(f.length(), b.length - f.start()))) return 0;
        }
        case 7, 8 -> {
          if (f.wire() != 2) return 0;
          body = true;
        }
        case 14, 20, 25 -> {
          if (f.wire() != 2) return 0;
        }
        default -> {
          return 0;
        }
      }
    }
    return irVersion && body ? 90 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    OnnxModel model = new OnnxParser(ctx).parse();
    new OnnxAnalyzer(ctx, model).analyse();
  }
}
