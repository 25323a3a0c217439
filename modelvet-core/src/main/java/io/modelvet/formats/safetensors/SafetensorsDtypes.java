package io.modelvet.formats.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The reviewed dtype table of {@code io/modelvet/safetensors/dtypes.json} (bits per element). */
final class SafetensorsDtypes {
  private static final SafetensorsDtypes INSTANCE = load();

  private final Map<String, Integer> bits;
  private final long headerCap;

  private SafetensorsDtypes(Map<String, Integer> bits, long headerCap) {
    this.bits = Map.copyOf(bits);
    this.headerCap = headerCap;
  }

  static SafetensorsDtypes get() {
    return INSTANCE;
  }

  /** Bits per element, or -1 for a dtype the reference loader does not know. */
  int bits(String dtype) {
    return bits.getOrDefault(dtype, -1);
  }

  /** Largest header the reference loader accepts. */
  long headerCap() {
    return headerCap;
  }

  private static SafetensorsDtypes load() {
    try (InputStream in = SafetensorsDtypes.class.getResourceAsStream("/io/modelvet/safetensors/dtypes.json")) {
      if (in == null) throw new IllegalStateException("safetensors dtypes.json missing from the classpath");
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, Integer> m = new HashMap<>();
      for (JsonNode d : root.path("dtypes")) m.put(d.path("name").asText(), d.path("bits").asInt());
      return new SafetensorsDtypes(m, root.path("headerCapBytes").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
