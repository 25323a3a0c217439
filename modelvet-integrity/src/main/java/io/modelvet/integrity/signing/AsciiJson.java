package io.modelvet.integrity.signing;

import java.util.List;
import java.util.Map;

/**
 * Writes a JSON tree (maps, lists, strings, booleans, numbers) the way protobuf's Python {@code
 * MessageToJson} does for the model-signing statement: 2-space indentation, {@code ": "} after keys,
 * ASCII only with {@code \\uXXXX} escapes, no trailing newline. Map order is kept.
 */
final class AsciiJson {
  private AsciiJson() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int depth) {
    if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        indent(sb, depth + 1);
        string(sb, (String) e.getKey());
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
        sb.append(++i < map.size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append('}');
    } else if (v instanceof List<?> list) {
      if (list.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        indent(sb, depth + 1);
        write(sb, list.get(i), depth + 1);
        sb.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append(']');
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      sb.append(v);
    } else if (v instanceof Double d) {
      // protobuf Struct numbers are doubles; integral values print as 256.0 like Python's json.
      if (d == Math.rint(d) && Math.abs(d) < 1e16) sb.append((long) d.doubleValue()).append(".0");
      else sb.append(d);
    } else {
      throw new IllegalArgumentException("cannot write " + v);
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) sb.append("  ");
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        default:
          if (c < 0x20 || c > 0x7E) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
      }
    }
    sb.append('"');
  }
}
