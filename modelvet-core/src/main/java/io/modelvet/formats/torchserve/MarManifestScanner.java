package io.modelvet.formats.torchserve;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.formats.common.NameRules;
import io.modelvet.formats.common.ReviewedData;
import io.modelvet.formats.common.YamlSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code MAR-INF/MANIFEST.json} of a TorchServe model archive. The zip scanner dispatches every
 * member by content (handler and model {@code .py} files to the Python analysis, the serialized
 * model to its scanner, {@code requirements.txt} to the environment checks); this scanner says
 * which of them TorchServe imports when it loads the model and reports paths that leave the
 * archive.
 */
public final class MarManifestScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> BUILTIN_HANDLERS =
        ReviewedData.load("/io/modelvet/torchserve/builtin-handlers.tsv", 2).stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String format() {
    return "torchserve-manifest";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("json");
  }

  @Override
  public int sniffCeiling() {
    return 70;
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.hasTopLevelKeys(head, "model", "archiverVersion", "runtime") ? 70 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode model = JsonSupport.readTree(ctx).path("model");
    if (!model.isObject()) {
      ctx.inconclusive("TorchServe manifest without a model section");
      return;
    }
    List<String> code = new ArrayList<>();
    String handler = YamlSupport.text(model, "handler");
    if (handler != null && !Reviewed.BUILTIN_HANDLERS.contains(handler)) code.add("handler " + handler);
    String modelFile = YamlSupport.text(model, "modelFile");
    if (modelFile != null) code.add("model file " + modelFile);
    if (!code.isEmpty())
      ctx.report("torchserve.custom-code", -1, "TorchServe imports Python shipped in the archive when it loads the model (" + String.join(", ", code) + "); those members are analysed as Python source.", String.join(", ", code));
    for (String key : List.of("handler", "modelFile", "serializedFile", "requirementsFile", "configFile")) {
      String v = YamlSupport.text(model, key);
      if (v != null) checkPath(ctx, key, v.contains(":") && key.equals("handler") ? v.substring(0, v.indexOf(':')) : v);
    }
    String extra = YamlSupport.text(model, "extraFiles");
    if (extra != null) for (String f : extra.split(",")) checkPath(ctx, "extraFiles", f.strip());
  }

  private static void checkPath(ScanContext ctx, String key, String p) {
    if (NameRules.leavesFolder(p))
      ctx.report("torchserve.path-escape", -1, "model." + key + " points at '" + p + "', outside the archive; TorchServe would load a file that was not shipped (or scanned) with the model.", key + ": " + p);
  }
}
