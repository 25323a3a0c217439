package io.modelvet.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.JsonStrings;
import io.modelvet.formats.common.JsonSupport;
import java.io.IOException;
import java.util.Set;

/**
 * Keras model configuration JSON: the {@code config.json} of a Keras 3 {@code .keras} archive
 * (dispatched here by the zip scanner as a member) or a {@code model.to_json()} export, recognised
 * by a top-level object with {@code class_name} and {@code config}. Also claims the archive's
 * {@code metadata.json} ({@code keras_version} + {@code date_saved}), which holds no code.
 */
public final class KerasConfigScanner implements Scanner {
  @Override
  public String format() {
    return "keras-config";
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
    if (!JsonSupport.looksLikeJson(head)) return 0;
    Set<String> keys = JsonSupport.topLevelKeys(head);
    if (keys.contains("class_name") && keys.contains("config")) return 70;
    if (keys.contains("keras_version") && keys.contains("date_saved")) return 65;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = JsonSupport.readTree(ctx);
    if (root.isObject() && root.path("class_name").isTextual()) {
      KerasConfigAnalyzer.analyze(ctx, root, "Keras config", false);
    } else if (root.isObject() && root.has("keras_version")) {
      ctx.setFormat("keras-metadata");
    }
    JsonStrings.check(ctx, root);
  }
}
