package io.modelvet.formats.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/** Passes every string value of a parsed JSON document to {@link PayloadChecks}, iteratively. */
public final class JsonStrings {
  private JsonStrings() {}

  /** Checks all string values below {@code root}; the location names each by its JSON pointer. */
  public static void check(ScanContext ctx, JsonNode root) throws BudgetExceededException {
    Deque<Map.Entry<String, JsonNode>> work = new ArrayDeque<>();
    work.push(Map.entry("", root));
    int n = 0;
    while (!work.isEmpty()) {
      if ((++n & 0xfff) == 0) ctx.checkDeadline();
      Map.Entry<String, JsonNode> e = work.pop();
      JsonNode node = e.getValue();
      if (node.isTextual()) {
        PayloadChecks.checkString(ctx, node.asText(), e.getKey().isEmpty() ? "/" : e.getKey(), -1);
      } else if (node.isArray()) {
        for (int i = node.size() - 1; i >= 0; i--) work.push(Map.entry(e.getKey() + "/" + i, node.get(i)));
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> f : node.properties())
          work.push(Map.entry(e.getKey() + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), f.getValue()));
      }
    }
  }
}
