package io.modelvet.formats.onnx;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.formats.onnx.OnnxModel.OpKey;
import io.modelvet.formats.onnx.OnnxModel.OpUse;
import io.modelvet.formats.onnx.OnnxModel.TensorInfo;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Walks an ONNX {@code ModelProto} with {@link ProtoReader}: graphs, nodes, attributes (with their
 * subgraphs), functions, training graphs, tensor headers and metadata. Tensor payloads (raw_data
 * and the typed data fields) are seeked over, so a model with gigabytes of inline weights costs
 * no more memory than a small one. Field numbers follow onnx.proto (onnx 1.12).
 */
final class OnnxParser {
  static final int MAX_GRAPH_DEPTH = 32;
  static final long MAX_NODES = 5_000_000;
  static final long MAX_TENSORS = 5_000_000;
  static final int MAX_DIMS_KEPT = 64;
  static final int MAX_NAME = 1 << 20;

  private static final int VARINT = ProtoReader.VARINT;
  private static final int LEN = ProtoReader.LEN;

  // ModelProto
  private static final int MODEL_IR_VERSION = 1 << 3 | VARINT;
  private static final int MODEL_DOC = 6 << 3 | LEN;
  private static final int MODEL_GRAPH = 7 << 3 | LEN;
  private static final int MODEL_OPSET = 8 << 3 | LEN;
  private static final int MODEL_METADATA = 14 << 3 | LEN;
  private static final int MODEL_TRAINING = 20 << 3 | LEN;
  private static final int MODEL_FUNCTION = 25 << 3 | LEN;
  // TrainingInfoProto
  private static final int TRAINING_INIT = 1 << 3 | LEN;
  private static final int TRAINING_ALGO = 2 << 3 | LEN;
  // GraphProto
  private static final int GRAPH_NODE = 1 << 3 | LEN;
  private static final int GRAPH_INITIALIZER = 5 << 3 | LEN;
  private static final int GRAPH_SPARSE = 15 << 3 | LEN;
  // NodeProto
  private static final int NODE_NAME = 3 << 3 | LEN;
  private static final int NODE_OP = 4 << 3 | LEN;
  private static final int NODE_ATTR = 5 << 3 | LEN;
  private static final int NODE_DOMAIN = 7 << 3 | LEN;
  // AttributeProto
  private static final int ATTR_NAME = 1 << 3 | LEN;
  private static final int ATTR_T = 5 << 3 | LEN;
  private static final int ATTR_G = 6 << 3 | LEN;
  private static final int ATTR_TENSORS = 10 << 3 | LEN;
  private static final int ATTR_GRAPHS = 11 << 3 | LEN;
  private static final int ATTR_SPARSE = 22 << 3 | LEN;
  private static final int ATTR_SPARSES = 23 << 3 | LEN;
  // SparseTensorProto
  private static final int SPARSE_VALUES = 1 << 3 | LEN;
  private static final int SPARSE_INDICES = 2 << 3 | LEN;
  // TensorProto
  private static final int TENSOR_DIMS = 1 << 3 | VARINT;
  private static final int TENSOR_DIMS_PACKED = 1 << 3 | LEN;
  private static final int TENSOR_TYPE = 2 << 3 | VARINT;
  private static final int TENSOR_NAME = 8 << 3 | LEN;
  private static final int TENSOR_RAW = 9 << 3 | LEN;
  private static final int TENSOR_EXTERNAL = 13 << 3 | LEN;
  private static final int TENSOR_LOCATION = 14 << 3 | VARINT;
  // FunctionProto
  private static final int FUNCTION_NAME = 1 << 3 | LEN;
  private static final int FUNCTION_NODE = 7 << 3 | LEN;
  private static final int FUNCTION_DOMAIN = 10 << 3 | LEN;
  // OperatorSetIdProto and StringStringEntryProto
  private static final int FIELD1_STRING = 1 << 3 | LEN;
  private static final int FIELD2_STRING = 2 << 3 | LEN;
  private static final int FIELD2_VARINT = 2 << 3 | VARINT;

  /** Called every few thousand nodes; fails once the file's time budget is used up. */
  @FunctionalInterface
  interface Deadline {
    void check() throws IOException;
  }

  private final ByteSource source;
  private final long maxValue;
  private final Deadline deadline;
  private final OnnxModel model = new OnnxModel();
  /** True while a model-local function is parsed: its nodes follow the function's own opset_import. */
  private boolean inFunction;

  OnnxParser(ScanContext ctx) {
    this(ctx.source(), ctx.budgets().maxOperandBytes(), ctx::checkDeadline);
  }

  OnnxParser(ByteSource source, long maxValue, Deadline deadline) {
    this.source = source;
    this.maxValue = maxValue;
    this.deadline = deadline;
  }

  OnnxModel parse() throws IOException {
    ProtoReader r = ProtoReader.of(source);
    while (r.next()) {
      long at = r.position();
      switch (r.tag()) {
        case MODEL_IR_VERSION -> model.irVersion = r.readVarint();
        case MODEL_DOC -> model.metadata.add(new OnnxModel.Metadata("model doc_string", r.readString(maxValue), at));
        case MODEL_GRAPH -> r.message(g -> graph(g, "main graph", 0));
        case MODEL_OPSET -> r.message(this::opset);
        case MODEL_METADATA -> r.message(m -> metadata(m, at));
        case MODEL_TRAINING -> r.message(t -> training(t));
        case MODEL_FUNCTION -> r.message(this::function);
        default -> r.skip();
      }
    }
    return model;
  }

  private void opset(ProtoReader r) throws IOException {
    String domain = "";
    long version = -1;
    while (r.next()) {
      switch (r.tag()) {
        case FIELD1_STRING -> domain = r.readString(MAX_NAME);
        case FIELD2_VARINT -> version = r.readVarint();
        default -> r.skip();
      }
    }
    model.opsets.put("ai.onnx".equals(domain) ? "" : domain, version);
  }

  private void metadata(ProtoReader r, long at) throws IOException {
    String key = "";
    String value = "";
    while (r.next()) {
      switch (r.tag()) {
        case FIELD1_STRING -> key = r.readString(MAX_NAME);
        case FIELD2_STRING -> value = r.readString(maxValue);
        default -> r.skip();
      }
    }
    model.metadata.add(new OnnxModel.Metadata("metadata_props[" + key + "]", value, at));
  }

  private void training(ProtoReader r) throws IOException {
    while (r.next()) {
      switch (r.tag()) {
        case TRAINING_INIT -> r.message(g -> graph(g, "training initialization graph", 1));
        case TRAINING_ALGO -> r.message(g -> graph(g, "training algorithm graph", 1));
        default -> r.skip();
      }
    }
  }

  private void function(ProtoReader r) throws IOException {
    // Name and domain may follow the nodes on the wire, so nodes are recorded under a placeholder
    // scope and the function's identity is added once the message is complete.
    String[] id = {"", ""};
    inFunction = true;
    try {
      while (r.next()) {
        switch (r.tag()) {
          case FUNCTION_NAME -> id[1] = r.readString(MAX_NAME);
          case FUNCTION_DOMAIN -> id[0] = r.readString(MAX_NAME);
          case FUNCTION_NODE -> r.message(n -> node(n, "function '" + id[1] + "'", 1));
          default -> r.skip();
        }
      }
    } finally {
      inFunction = false;
    }
    model.localFunctions.add(OpKey.of(id[0], id[1]));
  }

  private void graph(ProtoReader r, String scope, int depth) throws IOException {
    if (depth > MAX_GRAPH_DEPTH)
      throw new MalformedException("subgraphs nested deeper than " + MAX_GRAPH_DEPTH + " levels");
    while (r.next()) {
      long at = r.position();
      switch (r.tag()) {
        case GRAPH_NODE -> r.message(n -> node(n, scope, depth));
        case GRAPH_INITIALIZER -> r.message(t -> tensor(t, scope + " initializer", at));
        case GRAPH_SPARSE -> r.message(s -> sparse(s, scope + " sparse initializer", at));
        default -> r.skip();
      }
    }
  }

  private void node(ProtoReader r, String scope, int depth) throws IOException {
    if (++model.nodeCount > MAX_NODES) throw new MalformedException("more than " + MAX_NODES + " nodes");
    if ((model.nodeCount & 1023) == 0) deadline.check();
    long at = r.position();
    String[] id = {"", "", ""}; // domain, op type, node name
    while (r.next()) {
      switch (r.tag()) {
        case NODE_NAME -> id[2] = r.readString(MAX_NAME);
        case NODE_OP -> id[1] = r.readString(MAX_NAME);
        case NODE_DOMAIN -> id[0] = r.readString(MAX_NAME);
        case NODE_ATTR -> r.message(a -> attribute(a, scope + " > " + id[1] + " '" + id[2] + "'", depth));
        default -> r.skip();
      }
    }
    OpKey key = OpKey.of(id[0], id[1]);
    String where = scope + ", node '" + id[2] + "'";
    model.ops.computeIfAbsent(key, k -> new OpUse(where, at)).count++;
    if (!inFunction) model.graphOps.computeIfAbsent(key, k -> new OpUse(where, at)).count++;
  }

  private void attribute(ProtoReader r, String owner, int depth) throws IOException {
    String[] name = {""};
    while (r.next()) {
      long at = r.position();
      switch (r.tag()) {
        case ATTR_NAME -> name[0] = r.readString(MAX_NAME);
        case ATTR_G, ATTR_GRAPHS -> r.message(g -> graph(g, owner + "." + name[0], depth + 1));
        case ATTR_T, ATTR_TENSORS -> r.message(t -> tensor(t, owner + "." + name[0], at));
        case ATTR_SPARSE, ATTR_SPARSES -> r.message(s -> sparse(s, owner + "." + name[0], at));
        default -> r.skip();
      }
    }
  }

  private void sparse(ProtoReader r, String where, long at) throws IOException {
    while (r.next()) {
      switch (r.tag()) {
        case SPARSE_VALUES -> r.message(t -> tensor(t, where + " values", at));
        case SPARSE_INDICES -> r.message(t -> tensor(t, where + " indices", at));
        default -> r.skip();
      }
    }
  }

  private void tensor(ProtoReader r, String scope, long at) throws IOException {
    if (model.tensors.size() >= MAX_TENSORS) throw new MalformedException("more than " + MAX_TENSORS + " tensors");
    long[] dims = new long[4];
    int dimCount = 0;
    int dataType = 0;
    String name = "";
    long raw = -1;
    boolean externalLocation = false;
    Map<String, String> external = new LinkedHashMap<>();
    while (r.next()) {
      switch (r.tag()) {
        case TENSOR_DIMS -> {
          long d = r.readVarint();
          if (dimCount < MAX_DIMS_KEPT) {
            if (dimCount == dims.length) dims = Arrays.copyOf(dims, dims.length * 2);
            dims[dimCount] = d;
          }
          dimCount++;
        }
        case TENSOR_DIMS_PACKED -> {
          long[] cnt = {dimCount};
          long[][] box = {dims};
          r.message(p -> {
            while (p.remaining() > 0) {
              long d = p.readVarint();
              if (cnt[0] < MAX_DIMS_KEPT) {
                if (cnt[0] == box[0].length) box[0] = Arrays.copyOf(box[0], box[0].length * 2);
                box[0][(int) cnt[0]] = d;
              }
              cnt[0]++;
            }
          });
          dims = box[0];
          dimCount = (int) Math.min(Integer.MAX_VALUE, cnt[0]);
        }
        case TENSOR_TYPE -> dataType = (int) r.readVarint();
        case TENSOR_NAME -> name = r.readString(MAX_NAME);
        case TENSOR_RAW -> raw = r.skipLength();
        case TENSOR_EXTERNAL -> r.message(e -> entry(e, external));
        case TENSOR_LOCATION -> externalLocation = r.readVarint() == 1;
        default -> r.skip();
      }
    }
    long[] kept = Arrays.copyOf(dims, Math.min(dimCount, MAX_DIMS_KEPT));
    model.tensors.add(new TensorInfo(scope + " '" + name + "'", at, dataType, kept, dimCount, raw, external, externalLocation));
  }

  private void entry(ProtoReader r, Map<String, String> into) throws IOException {
    String key = "";
    String value = "";
    while (r.next()) {
      switch (r.tag()) {
        case FIELD1_STRING -> key = r.readString(MAX_NAME);
        case FIELD2_STRING -> value = r.readString(MAX_NAME);
        default -> r.skip();
      }
    }
    into.put(key, value);
  }
}
