package io.modelvet.formats.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The reviewed table of {@code io/modelvet/gguf/ggml-types.json}: ggml tensor types with their block
 * size (elements) and type size (bytes per block), and the GGUF limits used by the scanner.
 */
final class GgmlTypes {
  private static final GgmlTypes INSTANCE = load();

  /** One ggml type. */
  record Type(int id, String name, int blockSize, int typeSize) {}

  private final Map<Integer, Type> types;
  final int maxDims;
  final int maxTensorName;
  final int maxKeyBytes;
  final long defaultAlignment;
  final int maxArrayNesting;
  final long hugeTensorCount;
  final long hugeKvCount;
  final long hugeArrayLength;

  private GgmlTypes(JsonNode root) {
    Map<Integer, Type> m = new HashMap<>();
    for (JsonNode t : root.path("types")) {
      Type type = new Type(t.path("id").asInt(), t.path("name").asText(), t.path("blockSize").asInt(), t.path("typeSize").asInt());
      m.put(type.id(), type);
    }
    types = Map.copyOf(m);
    JsonNode l = root.path("limits");
    maxDims = l.path("maxDims").asInt();
    maxTensorName = l.path("maxTensorName").asInt();
    maxKeyBytes = l.path("maxKeyBytes").asInt();
    defaultAlignment = l.path("defaultAlignment").asLong();
    maxArrayNesting = l.path("maxArrayNesting").asInt();
    hugeTensorCount = l.path("hugeTensorCount").asLong();
    hugeKvCount = l.path("hugeKvCount").asLong();
    hugeArrayLength = l.path("hugeArrayLength").asLong();
  }

  static GgmlTypes get() {
    return INSTANCE;
  }

  /** The type with this id, or null for an unknown or removed one. */
  Type type(long id) {
    return id < 0 || id > Integer.MAX_VALUE ? null : types.get((int) id);
  }

  private static GgmlTypes load() {
    try (InputStream in = GgmlTypes.class.getResourceAsStream("/io/modelvet/gguf/ggml-types.json")) {
      if (in == null) throw new IllegalStateException("ggml-types.json missing from the classpath");
      return new GgmlTypes(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
