package io.modelvet.formats.tensorflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TfGraphParser} keeps of one MetaGraphDef (or a bare GraphDef): node names, ops and
 * the functions they call, the function library, and the SaverDef. Tensor values are skipped.
 */
final class TfGraph {
  final List<Node> nodes = new ArrayList<>();
  final Map<String, Function> functions = new LinkedHashMap<>();
  final List<String> tags = new ArrayList<>();
  String saverFilenameTensor;
  String saverSaveTensor;
  String saverRestoreOp;
  int index;

  /**
   * A NodeDef.
   *
   * @param calls names of functions referenced by function-valued attributes (f, then_branch,
   *     body, branches...)
   * @param strings short string attributes, kept for evidence (file names, stream names)
   */
  record Node(String name, String op, List<String> calls, Map<String, String> strings, long offset) {}

  /** A FunctionDef: its signature name and body. */
  static final class Function {
    final String name;
    final List<Node> nodes;
    final long offset;

    Function(String name, List<Node> nodes, long offset) {
      this.name = name;
      this.nodes = nodes;
      this.offset = offset;
    }
  }

  boolean hasSaverDef() {
    return saverSaveTensor != null || saverRestoreOp != null || saverFilenameTensor != null;
  }
}
