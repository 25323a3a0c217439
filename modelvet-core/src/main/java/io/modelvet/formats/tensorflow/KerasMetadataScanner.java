package io.modelvet.formats.tensorflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.formats.common.proto.WireFields;
import io.modelvet.formats.common.proto.WireFields.Field;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code keras_metadata.pb} of a Keras SavedModel: a {@code SavedMetadata} proto whose nodes carry
 * each Keras object's JSON config. A Lambda layer there means loading the model as Keras
 * deserialises and runs the layer's Python function.
 */
public final class KerasMetadataScanner implements Scanner {
  private static final String MARKER = "_tf_keras_";
  private static final int NODE = 1 << 3 | ProtoReader.LEN;
  private static final int NODE_PATH = 3 << 3 | ProtoReader.LEN;
  private static final int NODE_IDENTIFIER = 4 << 3 | ProtoReader.LEN;
  private static final int NODE_METADATA = 5 << 3 | ProtoReader.LEN;
  private static final int MAX_NAME = 1 << 16;
  private static final int EVIDENCE_CHARS = 120;

  /** Made on the first metadata parsed, not at start-up: an object mapper's set-up is most of a scanner registry's. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Override
  public String format() {
    return "keras-metadata";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pb");
  }

  /**
   * Every top-level field is SavedMetadata.nodes (1, length-delimited), the first node's fields are
   * SavedObject fields (version, node_id, node_path, identifier, metadata), and a Keras
   * identifier ({@code _tf_keras_...}) is present.
   */
  @Override
  public int sniffCeiling() {
    return 85;
  }

  @Override
  public int sniff(Head head) {
    byte[] b = head.bytes();
    List<Field> top = WireFields.parse(b, 0, b.length, true, 64);
    if (top == null || top.isEmpty()) return 0;
    for (Field f : top) if (f.number() != 1 || f.wire() != 2) return 0;
    Field first = top.get(0);
    List<Field> node = WireFields.parse(b, first.start(), (int) Math.min(b.length, first.start() + first.length()), true, 16);
    if (node == null || node.isEmpty()) return 0;
    for (Field f : node) {
      boolean ok = f.number() == 2 ? f.wire() == 0 : f.number() >= 1 && f.number() <= 5 && f.wire() == 2;
      if (!ok) return 0;
    }
    return head.latin1().contains(MARKER) ? 85 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Set<String> reported = new LinkedHashSet<>();
    ProtoReader r = ProtoReader.of(ctx.source());
    long maxJson = ctx.budgets().maxOperandBytes();
    while (r.next()) {
      if (r.tag() != NODE) {
        r.skip();
        continue;
      }
      long at = r.position();
      String[] node = {"", "", null}; // path, identifier, metadata
      r.message(n -> {
        while (n.next()) {
          switch (n.tag()) {
            case NODE_PATH -> node[0] = n.readString(MAX_NAME);
            case NODE_IDENTIFIER -> node[1] = n.readString(MAX_NAME);
            case NODE_METADATA -> node[2] = n.readString(maxJson);
            default -> n.skip();
          }
        }
      });
      ctx.checkDeadline();
      if (node[2] == null || node[2].isEmpty()) continue;
      PayloadChecks.checkString(ctx, node[2], "metadata of " + node[0], at);
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(node[2]);
      } catch (IOException e) {
        ctx.inconclusive("metadata of Keras object " + node[0] + " is not valid JSON");
        continue;
      }
      findLambdas(ctx, json, node[0], at, reported, 0);
    }
  }

  private void findLambdas(ScanContext ctx, JsonNode n, String nodePath, long at, Set<String> reported, int depth) {
    if (n == null || depth > 200) return;
    if (n.isObject() && "Lambda".equals(n.path("class_name").asText())) {
      JsonNode config = n.path("config");
      String name = config.path("name").asText(n.path("name").asText("?"));
      if (reported.add(name)) {
        String function = config.path("function").toString();
        if (function.length() > EVIDENCE_CHARS) function = function.substring(0, EVIDENCE_CHARS) + "...";
        ctx.report(
            "tf.keras-lambda-layer",
            at,
            "Keras layer '" + name + "' (described in " + nodePath + ") is a Lambda layer: loading this SavedModel as a Keras"
                + " model deserialises the layer's Python function and runs it.",
            "Lambda '" + name + "' function_type=" + config.path("function_type").asText("?") + " module="
                + config.path("module").asText("?") + " function=" + function);
      }
    }
    if (n.isContainerNode()) for (JsonNode child : n) findLambdas(ctx, child, nodePath, at, reported, depth + 1);
  }
}
