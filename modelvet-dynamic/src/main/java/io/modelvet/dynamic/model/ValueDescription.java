package io.modelvet.dynamic.model;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An ONNX input or output described in report terms: {@code type} and, for tensors, {@code shape}. */
final class ValueDescription {
  private ValueDescription() {}

  static Map<String, Object> of(ValueInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (info instanceof TensorInfo t) {
      m.put("type", "tensor(" + t.type.name().toLowerCase(Locale.ROOT) + ")");
      List<Long> shape = new ArrayList<>();
      for (long d : t.getShape()) shape.add(d);
      m.put("shape", shape);
    } else if (info instanceof SequenceInfo s) {
      m.put("type", s.isSequenceOfMaps()
          ? "sequence(map(" + lower(s.mapInfo.keyType) + ", " + lower(s.mapInfo.valueType) + "))"
          : "sequence(" + lower(s.sequenceType) + ")");
    } else if (info instanceof MapInfo mi) {
      m.put("type", "map(" + lower(mi.keyType) + ", " + lower(mi.valueType) + ")");
    } else {
      m.put("type", "unknown");
    }
    return m;
  }

  private static String lower(Enum<?> e) {
    return e == null ? "unknown" : e.name().toLowerCase(Locale.ROOT);
  }
}
