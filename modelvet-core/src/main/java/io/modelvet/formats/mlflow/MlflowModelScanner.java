package io.modelvet.formats.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.NameRules;
import io.modelvet.formats.common.ReviewedData;
import io.modelvet.formats.common.YamlSupport;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code MLmodel} descriptor of an MLflow model folder. {@code mlflow.pyfunc.load_model}
 * imports the flavour's {@code loader_module} (after putting the folder's {@code code} paths on
 * {@code sys.path}) and, for custom models, unpickles {@code python_model} with cloudpickle. This
 * scanner reports loader modules outside MLflow's own flavours, shipped code paths, cloudpickled
 * Python models and artefact paths that leave the folder; when the descriptor is a file on disk,
 * the module the loader imports is analysed through the dispatch as a member. Pickled models,
 * code files and environment files in the folder are scanned by their own scanners.
 */
public final class MlflowModelScanner implements Scanner {
  private static final Pattern TOP_KEY = Pattern.compile("(?m)^(artifact_path|model_uuid|utc_time_created|mlflow_version|run_id|model_size_bytes):");
  private static final Pattern FLAVORS = Pattern.compile("(?m)^flavors:\\s*$");

  /** The reviewed lists, read when the first MLmodel file is scanned rather than at start-up. */
  private static final class Lists {
    static final Map<String, String> LOADERS =
        ReviewedData.load("/io/modelvet/mlflow/builtin-loaders.tsv", 2).stream().collect(Collectors.toUnmodifiableMap(r -> r[0], r -> r[1]));
    /** Keys of a flavour's configuration that name files or folders inside the model folder. */
    static final Set<String> PATH_KEYS =
        ReviewedData.load("/io/modelvet/mlflow/path-keys.tsv", 2).stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String format() {
    return "mlflow-model";
  }

  @Override
  public int sniffCeiling() {
    return 70;
  }

  @Override
  public int sniff(Head head) {
    if (!head.looksLikeText()) return 0;
    String t = head.latin1();
    // the substring test first: a regex over every text head was a tenth of a small file's dispatch
    return t.contains("flavors:") && FLAVORS.matcher(t).find() && TOP_KEY.matcher(t).find() ? 70 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = YamlSupport.readTree(ctx);
    JsonNode flavors = root.path("flavors");
    if (!flavors.isObject()) {
      ctx.inconclusive("MLmodel file without a flavors mapping");
      return;
    }
    Path folder = ctx.depth() == 0 && ctx.source() instanceof FileByteSource f ? f.path().toAbsolutePath().getParent() : null;
    checkPaths(ctx, flavors, "flavors", folder, 0);
    JsonNode pyfunc = flavors.path("python_function");
    if (!pyfunc.isObject()) return;
    List<String> code = codePaths(pyfunc);
    if (!code.isEmpty())
      ctx.report("mlflow.code-paths", -1, "The python_function flavour ships Python code (" + String.join(", ", code) + ") that MLflow puts on sys.path and imports when the model is loaded; the files are analysed as Python when the folder is scanned.", String.join(", ", code));
    String loader = YamlSupport.text(pyfunc, "loader_module");
    if (loader != null && !Lists.LOADERS.containsKey(loader)) {
      ctx.report("mlflow.custom-loader", -1, "The python_function flavour loads the model with the custom module '" + loader + "': mlflow.pyfunc.load_model imports it and calls its _load_pyfunc, so its code runs on load.", "loader_module: " + loader);
      if (folder != null) scanLoader(ctx, folder, code, loader);
    }
    String pythonModel = YamlSupport.text(pyfunc, "python_model");
    if (pythonModel != null)
      ctx.report("mlflow.python-model", -1, "The model is a custom Python model stored with cloudpickle in '" + pythonModel + "'; loading unpickles it, which runs whatever it references. The pickle itself is analysed by the pickle scanner.", "python_model: " + pythonModel);
  }

  private static List<String> codePaths(JsonNode pyfunc) {
    List<String> out = new ArrayList<>();
    for (String key : List.of("code", "code_paths")) {
      JsonNode n = pyfunc.get(key);
      if (n == null || n.isNull()) continue;
      if (n.isArray()) n.forEach(x -> out.add(x.asText()));
      else out.add(n.asText());
    }
    return out;
  }

  /** Every path-valued key in the flavours must stay inside the model folder (and exist on disk). */
  private static void checkPaths(ScanContext ctx, JsonNode node, String where, Path folder, int depth) {
    if (depth > 20) return;
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
      JsonNode v = e.getValue();
      String at = where + "." + e.getKey();
      if (v.isContainerNode()) {
        checkPaths(ctx, v, at, folder, depth + 1);
        if (v.isArray() && Lists.PATH_KEYS.contains(e.getKey())) v.forEach(x -> checkPath(ctx, at, x.asText(""), folder));
      } else if (v.isTextual() && Lists.PATH_KEYS.contains(e.getKey())) {
        checkPath(ctx, at, v.asText(), folder);
      }
    }
  }

  private static void checkPath(ScanContext ctx, String at, String p, Path folder) {
    if (p.isEmpty()) return;
    String f = p.replace('\\', '/');
    if (NameRules.leavesFolder(p)) {
      ctx.report("mlflow.path-escape", -1, at + " points at '" + p + "', outside the model folder; loading reads or imports whatever is there instead of a file shipped with the model.", at + ": " + p);
    } else if (folder != null && !Files.exists(folder.resolve(f).normalize())) {
      ctx.report("mlflow.missing-artifact", -1, at + " names '" + p + "', which is not in the model folder; the folder cannot be fully analysed or loaded as shipped.", at + ": " + p);
    }
  }

  /** Hands the loader module's source (under one of the code paths) to the dispatch. */
  private static void scanLoader(ScanContext ctx, Path folder, List<String> code, String loader) throws IOException {
    String rel = loader.replace('.', '/');
    List<String> candidates = new ArrayList<>();
    for (String c : code) {
      String base = c.replace('\\', '/');
      candidates.add(base + "/" + rel + ".py");
      candidates.add(base + "/" + rel + "/__init__.py");
      if (base.endsWith("/" + rel + ".py") || base.equals(rel + ".py")) candidates.add(base);
    }
    for (String cand : candidates) {
      Path p = folder.resolve(cand).normalize();
      if (!p.startsWith(folder) || !Files.isRegularFile(p) || !p.toRealPath().startsWith(folder.toRealPath())) continue;
      try (FileByteSource src = new FileByteSource(p)) {
        ctx.scanMember(cand, src);
      }
      return;
    }
    ctx.report("mlflow.missing-artifact", -1, "The loader module '" + loader + "' is not among the model's code paths; MLflow would import whatever module of that name the environment provides.", "loader_module: " + loader);
  }
}
