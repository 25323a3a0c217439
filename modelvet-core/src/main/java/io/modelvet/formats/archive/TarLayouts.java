package io.modelvet.formats.archive;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.archive.pytorch.LegacyTarLayout;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names the formats built on tar from their member names once the walk is done: legacy PyTorch,
 * NeMo ({@code model_config.yaml} + weights) and OCI image archives ({@code oci-layout} +
 * {@code index.json}). The members themselves were already scanned by content.
 */
final class TarLayouts {
  private TarLayouts() {}

  static void refine(ScanContext ctx, Set<String> names) {
    Set<String> plain = names.stream().map(n -> n.startsWith("./") ? n.substring(2) : n).collect(Collectors.toSet());
    if (plain.contains("model_config.yaml")) ctx.setFormat("nemo");
    else if (plain.contains("oci-layout") && plain.contains("index.json")) ctx.setFormat("oci-archive");
    else LegacyTarLayout.check(ctx, names);
  }
}
