package io.modelvet.formats.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link OnnxParser} keeps of a model: the security-relevant structure only (operators used
 * and where, tensor headers with their external-data references, metadata), never tensor data.
 */
final class OnnxModel {
  long irVersion = -1;
  final Map<String, Long> opsets = new LinkedHashMap<>();
  final Map<OpKey, OpUse> ops = new LinkedHashMap<>();
  /** Operators used by graph nodes (main, subgraphs, training graphs), which the model's opset_import governs. */
  final Map<OpKey, OpUse> graphOps = new LinkedHashMap<>();
  final Set<OpKey> localFunctions = new LinkedHashSet<>();
  final List<TensorInfo> tensors = new ArrayList<>();
  final List<Metadata> metadata = new ArrayList<>();
  long nodeCount;

  /** An operator identity: domain ("" for the default ai.onnx domain) and op type. */
  record OpKey(String domain, String opType) {
    static OpKey of(String domain, String opType) {
      return new OpKey("ai.onnx".equals(domain) ? "" : domain, opType);
    }

    String display() {
      return domain.isEmpty() ? opType : domain + "::" + opType;
    }
  }

  /** How often an operator is used and where it was first seen. */
  static final class OpUse {
    long count;
    final String firstWhere;
    final long firstOffset;

    OpUse(String firstWhere, long firstOffset) {
      this.firstWhere = firstWhere;
      this.firstOffset = firstOffset;
    }
  }

  /**
   * A tensor header (initializer, sparse initializer part or attribute tensor).
   *
   * @param where the graph scope and tensor name, for messages
   * @param offset byte offset of the TensorProto in the file
   * @param dims the dimensions (at most {@link OnnxParser#MAX_DIMS_KEPT} kept)
   * @param dimCount how many dimensions were declared
   * @param rawLength length of inline raw_data, or -1 when absent
   * @param external external_data entries (location, offset, length, checksum)
   * @param externalLocation true when data_location is EXTERNAL
   */
  record TensorInfo(
      String where,
      long offset,
      int dataType,
      long[] dims,
      int dimCount,
      long rawLength,
      Map<String, String> external,
      boolean externalLocation) {}

  /** A free-text field: a metadata_props entry or a doc_string ({@code where} names it). */
  record Metadata(String where, String value, long offset) {}
}
