package io.modelvet.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.python.PythonCodeAnalyzer;
import io.modelvet.formats.common.ReviewedData;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.report.Severity;
import io.modelvet.rules.RuleCatalog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a Keras model configuration — the {@code model_config} / {@code training_config} JSON of
 * an HDF5 file or the {@code config.json} of a {@code .keras} archive — for everything that makes
 * loading run code or touch the outside world: Lambda layers (their marshalled bytecode is decoded
 * with {@link MarshalReader}, never run), module references outside Keras (CVE-2025-1550),
 * references to code-execution functions, Keras gadgets (get_file, enable_unsafe_deserialization,
 * TorchModuleWrapper), vocabulary paths (CVE-2025-12058), TFOpLambda file access and custom
 * classes. The walk is iterative and visits every object that has a {@code class_name}.
 */
public final class KerasConfigAnalyzer {
  private static final String DATA = "/io/modelvet/keras/";
  private static final Set<String> BUILTIN = column(load("builtin-classes.tsv", 2));
  private static final List<String> ALLOWED_MODULES = List.copyOf(column(load("allowed-modules.tsv", 2)));
  private static final Map<String, String[]> GADGETS = byName(load("gadgets.tsv", 3));
  private static final Map<String, String[]> VOCABULARY_LAYERS = byName(load("vocabulary-layers.tsv", 2));
  private static final Map<String, String[]> CODE_NAMES = byName(load("code-names.tsv", 2));
  private static final List<String> TF_FUNCTIONS = List.copyOf(column(load("tf-functions.tsv", 2)));

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");
  private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_][\\w]*(\\.[A-Za-z_][\\w]*)*");
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  /** Most objects visited in one config. */
  static final int MAX_NODES = 2_000_000;

  private final ScanContext ctx;
  private final String where;
  private final boolean h5;

  private KerasConfigAnalyzer(ScanContext ctx, String where, boolean h5) {
    this.ctx = ctx;
    this.where = where;
    this.h5 = h5;
  }

  /**
   * Analyses {@code root}.
   *
   * @param where the config's name for messages ("model_config", "config.json")
   * @param h5 true for HDF5 files, which Keras loads without safe_mode (CVE-2025-9905)
   */
  public static void analyze(ScanContext ctx, JsonNode root, String where, boolean h5) throws BudgetExceededException {
    KerasConfigAnalyzer a = new KerasConfigAnalyzer(ctx, where, h5);
    try {
      a.walk(root);
    } finally {
      a.flush();
    }
  }

  private record Item(String pointer, JsonNode node) {}

  private void walk(JsonNode root) throws BudgetExceededException {
    Deque<Item> work = new ArrayDeque<>();
    work.push(new Item("", root));
    int visited = 0;
    while (!work.isEmpty()) {
      if (++visited > MAX_NODES) {
        ctx.inconclusive(where + " has more than " + MAX_NODES + " JSON values; the rest was not analysed");
        return;
      }
      if ((visited & 0xfff) == 0) ctx.checkDeadline();
      Item it = work.pop();
      JsonNode n = it.node();
      if (n.isObject()) {
        if (n.path("class_name").isTextual()) inspect(it.pointer(), n);
        List<Item> children = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) children.add(new Item(it.pointer() + "/" + escape(e.getKey()), e.getValue()));
        for (int i = children.size() - 1; i >= 0; i--) work.push(children.get(i));
      } else if (n.isArray()) {
        for (int i = n.size() - 1; i >= 0; i--) work.push(new Item(it.pointer() + "/" + i, n.get(i)));
      }
    }
  }

  private void inspect(String ptr, JsonNode obj) {
    String cls = obj.path("class_name").asText();
    String module = obj.path("module").isTextual() ? obj.get("module").asText() : null;
    String registered = obj.path("registered_name").isTextual() ? obj.get("registered_name").asText() : null;
    JsonNode config = obj.path("config");
    String name = config.path("name").isTextual() ? " '" + config.get("name").asText() + "'" : "";
    String target = cls.equals("function") && config.isTextual() ? config.asText() : cls;
    String qualified = module == null ? target : module + "." + target;

    boolean reported = false;
    if (module != null) reported = checkModule(ptr, module, target, qualified);
    String[] gadget = GADGETS.get(target);
    if (gadget != null && (module == null || allowed(module))) {
      report("keras.gadget", Severity.parse(gadget[1]), ptr, "The " + where + " refers to " + qualified + name + ": " + gadget[2] + ".", qualified);
      reported = true;
      if (target.equals("TorchModuleWrapper")) scanEmbeddedTorchModule(ptr, config);
    }
    switch (cls) {
      case "Lambda" -> lambdaLayer(ptr, config, name, module);
      case "__lambda__" -> lambdaCode(ptr, config.path("code").asText(""), "Lambda function", null);
      case "TFOpLambda" -> tfOpLambda(ptr, config, name);
      default -> {}
    }
    if (VOCABULARY_LAYERS.containsKey(cls)) vocabulary(ptr, cls, config, name);
    if (!reported && !isBuiltin(cls, module)) {
      report("keras.custom-object", Severity.MEDIUM, ptr, "The " + where + " uses class " + cls + name + (module != null ? " from module " + module : "") + (registered != null && !registered.equals(cls) ? " (registered as " + registered + ")" : "") + ", which is not a built-in Keras class; loading needs user code (custom_objects or a registered package), and that code runs when the model loads.", qualified);
    } else if (!reported && registered != null && registered.contains(">") && !registered.startsWith("keras") && !registered.startsWith("Custom>")) {
      report("keras.custom-object", Severity.MEDIUM, ptr, "The " + where + " object " + cls + name + " is registered as " + registered + ", a name registered by user code outside Keras; that code must be imported to load the model.", registered);
    }
  }

  /** Returns true when a module finding was reported. */
  private boolean checkModule(String ptr, String module, String target, String qualified) {
    PythonCodeAnalyzer.CallRule rule = PythonCodeAnalyzer.ruleFor(qualified);
    if (rule != null && rule.importTime().atLeast(Severity.HIGH)) {
      report("keras.dangerous-function", Severity.CRITICAL, ptr, "The " + where + " makes Keras import " + module + " and resolve " + target + " (" + rule.reason() + "); a crafted config like this runs code while the model loads, even under safe_mode before Keras 3.9 (CVE-2025-1550).", qualified);
      return true;
    }
    if (module.equals("__main__")) return false; // a custom object of the saving script: reported as custom
    if (!allowed(module)) {
      report("keras.untrusted-module", Severity.HIGH, ptr, "The " + where + " makes Keras import module " + module + " to find " + target + "; importing runs that module's code, and before Keras 3.9 safe_mode did not stop it (CVE-2025-1550).", qualified);
      return true;
    }
    return false;
  }

  private void lambdaLayer(String ptr, JsonNode config, String name, String module) {
    JsonNode fn = config.path("function");
    if (fn.isObject()) {
      // Keras 3: the nested __lambda__ or function object is inspected itself; a named function is
      // still Python the Lambda calls, so the layer is reported unless the nested object is worse.
      if (fn.path("class_name").asText().equals("function") && fn.path("config").isTextual()) {
        String q = (fn.path("module").isTextual() ? fn.get("module").asText() + "." : "") + fn.get("config").asText();
        PythonCodeAnalyzer.CallRule rule = PythonCodeAnalyzer.ruleFor(q);
        if (rule == null || !rule.importTime().atLeast(Severity.HIGH))
          report("keras.lambda-layer", Severity.HIGH, ptr, "The " + where + " has a Lambda layer" + name + " that calls the Python function " + q + ", resolved from the loading program or custom_objects." + safeModeNote(), q);
      }
      return;
    }
    String text = fn.isArray() && fn.size() > 0 ? fn.get(0).asText("") : fn.asText("");
    String fnModule = config.path("module").isTextual() ? config.get("module").asText() : null;
    lambdaCode(ptr, text, "Lambda layer" + name, fnModule);
  }

  /** Analyses a Lambda's code: marshalled bytecode (base64), a function name or Python source. */
  private void lambdaCode(String ptr, String text, String what, String fnModule) {
    String safeMode = safeModeNote();
    String compact = text.strip();
    if (compact.isEmpty()) {
      report("keras.lambda-layer", Severity.HIGH, ptr, "The " + where + " holds a " + what + " without readable code." + safeMode, null);
      return;
    }
    byte[] decoded = decodeBase64(compact);
    if (decoded != null && MarshalReader.looksLikeCode(decoded)) {
      marshalledLambda(ptr, decoded, what, safeMode);
    } else if (DOTTED_NAME.matcher(compact).matches()) {
      String qualified = fnModule != null && !compact.contains(".") ? fnModule + "." + compact : compact;
      PythonCodeAnalyzer.CallRule rule = PythonCodeAnalyzer.ruleFor(qualified);
      if (rule != null && rule.importTime().atLeast(Severity.HIGH))
        report("keras.lambda-dangerous-code", Severity.CRITICAL, ptr, "The " + where + " has a " + what + " that calls " + qualified + " (" + rule.reason() + ")." + safeMode, qualified);
      else
        report("keras.lambda-layer", Severity.HIGH, ptr, "The " + where + " has a " + what + " that calls the Python function " + qualified + ", resolved from the loading program or custom_objects." + safeMode, qualified);
    } else {
      PythonCodeAnalyzer.Analysis a = PythonCodeAnalyzer.analyze(compact);
      List<String> calls = a.calls().stream().filter(c -> c.rule().importTime().atLeast(Severity.HIGH)).map(PythonCodeAnalyzer.Call::target).distinct().toList();
      if (!calls.isEmpty())
        report("keras.lambda-dangerous-code", Severity.CRITICAL, ptr, "The " + where + " has a " + what + " given as Python source that calls " + String.join(", ", calls) + "." + safeMode, clip(compact));
      else
        report("keras.lambda-layer", Severity.HIGH, ptr, "The " + where + " has a " + what + " given as Python source." + safeMode, clip(compact));
    }
  }

  private String safeModeNote() {
    return h5
        ? " HDF5 models are loaded without safe_mode (CVE-2025-9905), so loading this file runs it (CVE-2024-3660)."
        : " Keras runs it when the model is loaded with safe_mode=False or after safe_mode is switched off.";
  }

  private void marshalledLambda(String ptr, byte[] code, String what, String safeMode) {
    MarshalReader.CodeSummary s;
    try {
      s = MarshalReader.readCode(code);
    } catch (MalformedException e) {
      report("keras.lambda-layer", Severity.HIGH, ptr, "The " + where + " has a " + what + " with marshalled Python bytecode that could not be decoded (" + e.getMessage() + ")." + safeMode, null);
      return;
    }
    Set<String> hits = new LinkedHashSet<>();
    for (String n : s.names()) if (CODE_NAMES.containsKey(n)) hits.add(n);
    for (String c : s.strings()) if (CODE_NAMES.containsKey(c.strip())) hits.add("'" + c.strip() + "'");
    String evidence = "names: " + orNone(String.join(", ", s.names())) + " | strings: " + orNone(s.strings().stream().map(x -> "'" + clip(x) + "'").collect(Collectors.joining(", "))) + " | " + s.layout();
    if (!hits.isEmpty()) {
      String reasons = hits.stream().map(h -> h.replace("'", "")).map(h -> h + " (" + CODE_NAMES.get(h)[1] + ")").distinct().limit(6).collect(Collectors.joining("; "));
      report("keras.lambda-dangerous-code", Severity.CRITICAL, ptr, "The " + where + " has a " + what + " whose bytecode (decoded, not run) uses " + String.join(", ", hits) + ": " + reasons + "." + safeMode, clip(evidence));
    } else {
      report("keras.lambda-layer", Severity.HIGH, ptr, "The " + where + " has a " + what + " with marshalled Python bytecode; it uses no known dangerous name, but any code can run this way." + safeMode, clip(evidence));
    }
  }

  private void tfOpLambda(String ptr, JsonNode config, String name) {
    String fn = config.path("function").asText("");
    for (String prefix : TF_FUNCTIONS) {
      if (fn.equals(prefix) || fn.startsWith(prefix + ".")) {
        report("keras.tf-op-file-access", Severity.HIGH, ptr, "The TFOpLambda layer" + name + " calls tf." + fn + ", which reaches files or runs Python when the model is used.", "tf." + fn);
        return;
      }
    }
  }

  private void vocabulary(String ptr, String cls, JsonNode config, String name) {
    for (String key : new String[] {"vocabulary", "vocabulary_path"}) {
      JsonNode v = config.get(key);
      if (v == null || !v.isTextual() || v.asText().isBlank()) continue;
      String path = v.asText().strip();
      boolean url = URL.matcher(path).matches();
      boolean absolute = path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*") || path.startsWith("~") || path.contains("..");
      Severity sev = url || absolute ? Severity.HIGH : Severity.MEDIUM;
      String kind = url ? "a URL, so loading makes a network request (SSRF)" : absolute ? "a path outside the model, so loading reads a file of the machine" : "a relative file path read while the model loads";
      report("keras.vocabulary-path", sev, ptr, "The " + cls + " layer" + name + " takes its " + key + " from " + kind + " (CVE-2025-12058).", path);
    }
  }

  /** TorchModuleWrapper keeps a torch.save() of the module as base64; it is scanned as a member. */
  private void scanEmbeddedTorchModule(String ptr, JsonNode config) {
    JsonNode m = config.get("module");
    if (m == null || !m.isTextual()) return;
    byte[] bytes = decodeBase64(m.asText());
    if (bytes == null || bytes.length == 0) return;
    try {
      ctx.scanMember("TorchModuleWrapper" + ptr.replace('/', '.') + ".module", new ArrayByteSource(bytes));
    } catch (BudgetExceededException e) {
      ctx.inconclusive("embedded torch module not scanned: " + e.getMessage());
    }
  }

  /** A finding held back until the walk ends, so repeats of the same reference are merged. */
  private static final class Pending {
    final String rule;
    final Severity severity;
    final String pointer;
    final String message;
    final String evidence;
    int count = 1;

    Pending(String rule, Severity severity, String pointer, String message, String evidence) {
      this.rule = rule;
      this.severity = severity;
      this.pointer = pointer;
      this.message = message;
      this.evidence = evidence;
    }
  }

  private final Map<String, Pending> pending = new LinkedHashMap<>();

  private void report(String rule, Severity sev, String ptr, String message, String evidence) {
    String key = rule + "|" + sev + "|" + (evidence == null ? ptr : evidence);
    Pending p = pending.get(key);
    if (p != null) p.count++;
    else pending.put(key, new Pending(rule, sev, ptr, message, evidence));
  }

  private void flush() {
    for (Pending p : pending.values()) {
      String more = p.count > 1 ? " The same reference occurs " + p.count + " times in the config; the location is the first one." : "";
      ctx.report(RuleCatalog.rule(p.rule).finding(p.severity, ctx.location(-1).withDetail(where + (p.pointer.isEmpty() ? "" : " " + p.pointer)), p.message + more, p.evidence));
    }
  }

  private static boolean isBuiltin(String cls, String module) {
    if (BUILTIN.contains(cls)) return true;
    if (cls.startsWith("Custom>") && BUILTIN.contains(cls.substring(7))) return true; // TF 2.11+ optimizers
    return module != null && allowed(module) && !module.equals("keras") && !module.startsWith("keras.") && !module.startsWith("tensorflow.") && !module.startsWith("tf_keras");
  }

  static boolean allowed(String module) {
    for (String m : ALLOWED_MODULES) if (module.equals(m) || module.startsWith(m + ".")) return true;
    return false;
  }

  /** Decodes standard or MIME-wrapped base64 (Keras wraps at 76 columns); null when it is not base64. */
  static byte[] decodeBase64(String s) {
    if (s.length() < 4 || !BASE64.matcher(s).matches()) return null;
    try {
      return Base64.getMimeDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String orNone(String s) {
    return s.isEmpty() ? "(none)" : s;
  }

  private static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static List<String[]> load(String file, int columns) {
    return ReviewedData.load(DATA + file, columns);
  }

  private static Set<String> column(List<String[]> rows) {
    Set<String> s = new LinkedHashSet<>();
    for (String[] r : rows) s.add(r[0]);
    return s;
  }

  private static Map<String, String[]> byName(List<String[]> rows) {
    Map<String, String[]> m = new HashMap<>();
    for (String[] r : rows) m.put(r[0], r);
    return Map.copyOf(m);
  }
}
