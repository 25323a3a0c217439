package io.modelvet.formats.tensorflow;

import io.modelvet.formats.tensorflow.TfGraph.Function;
import io.modelvet.formats.tensorflow.TfGraph.Node;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which parts of a graph belong to its checkpoint saver, where checkpoint ops (SaveV2,
 * RestoreV2, MergeV2Checkpoints...) are expected and must not raise alarms.
 *
 * <p>The rule:
 *
 * <ol>
 *   <li>A main-graph node is a <em>saver node</em> when its name is one of the SaverDef's tensors
 *       or ops ({@code filename_tensor_name}, {@code save_tensor_name}, {@code restore_op_name},
 *       without {@code :N}), or lies in the name scope of the SaverDef's save tensor (TF1 savers:
 *       {@code save/...}). Without a SaverDef, the TF1 default scopes {@code save/} and {@code
 *       save_N/} are used.
 *   <li>Saver seeds are the functions that saver nodes call, plus library functions named like
 *       the functions TensorFlow generates for savers ({@code __inference__traced_save_N}, {@code
 *       __inference__traced_restore_N}, {@code __inference_save_fn_N}...).
 *   <li>Other seeds are the functions that non-saver main-graph nodes call, plus every library
 *       function outside the saver seeds' call closure (in TF2 SavedModels, such functions are
 *       callable from Python after loading).
 *   <li>A function is <em>saver-only</em> when it is in the call closure of the saver seeds and
 *       not in the call closure of the other seeds. So a function named like a saver but called
 *       from a serving signature is not saver-only.
 * </ol>
 *
 * Only ops of category {@code checkpoint} are exempted in saver nodes and saver-only functions.
 * File, Python and network ops are reported everywhere: real savers never contain them, and in
 * TF1 the restore op runs when the model is loaded.
 */
final class TfSaverContext {
  private static final Pattern SAVER_FUNCTION =
      Pattern.compile("^__inference_+(traced_)?(save|restore)(_fn)?_\\d+$");
  private static final Pattern DEFAULT_SCOPE = Pattern.compile("^save(_\\d+)?/.*");

  private final Set<String> rootNames = new HashSet<>();
  private final String scope;
  private final Set<String> saverOnly = new HashSet<>();
  private final TfGraph graph;

  TfSaverContext(TfGraph graph) {
    this.graph = graph;
    for (String t : new String[] {graph.saverFilenameTensor, graph.saverSaveTensor, graph.saverRestoreOp}) {
      if (t != null && !t.isEmpty()) rootNames.add(nodeName(t));
    }
    String save = graph.saverSaveTensor == null ? null : nodeName(graph.saverSaveTensor);
    scope = save != null && save.contains("/") ? save.substring(0, save.lastIndexOf('/') + 1) : null;

    Set<String> saverSeeds = new HashSet<>();
    Set<String> otherSeeds = new HashSet<>();
    for (Node n : graph.nodes) (isSaverNode(n) ? saverSeeds : otherSeeds).addAll(callees(n));
    for (String f : graph.functions.keySet()) if (SAVER_FUNCTION.matcher(f).matches()) saverSeeds.add(f);
    Set<String> saverClosure = closure(saverSeeds);
    for (String f : graph.functions.keySet()) if (!saverClosure.contains(f)) otherSeeds.add(f);
    Set<String> otherClosure = closure(otherSeeds);
    for (String f : saverClosure) if (!otherClosure.contains(f)) saverOnly.add(f);
  }

  /** True for a main-graph node that belongs to the saver. */
  boolean isSaverNode(Node n) {
    if (rootNames.contains(n.name())) return true;
    if (scope != null) return n.name().startsWith(scope);
    return !graph.hasSaverDef() && DEFAULT_SCOPE.matcher(n.name()).matches();
  }

  /** True for a function only the saver reaches. */
  boolean isSaverOnly(String function) {
    return saverOnly.contains(function);
  }

  private Set<String> callees(Node n) {
    Set<String> out = new HashSet<>();
    if (graph.functions.containsKey(n.op())) out.add(n.op());
    for (String c : n.calls()) if (graph.functions.containsKey(c)) out.add(c);
    return out;
  }

  private Set<String> closure(Set<String> seeds) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(seeds);
    while (!todo.isEmpty()) {
      String f = todo.pop();
      if (!seen.add(f)) continue;
      Function fn = graph.functions.get(f);
      if (fn == null) continue;
      for (Node n : fn.nodes) for (String c : callees(n)) if (!seen.contains(c)) todo.push(c);
    }
    return seen;
  }

  /** "save/Const:0" → "save/Const"; "^save/restore_all" → "save/restore_all". */
  static String nodeName(String tensor) {
    String t = tensor.startsWith("^") ? tensor.substring(1) : tensor;
    int colon = t.lastIndexOf(':');
    if (colon > 0 && t.substring(colon + 1).chars().allMatch(Character::isDigit)) t = t.substring(0, colon);
    return t;
  }
}
