package io.modelvet.formats.archive;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.archive.oci.OciArchive;
import io.modelvet.formats.archive.pytorch.LegacyTarLayout;
import io.modelvet.io.ByteSource;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names the formats built on tar from their member names once the walk is done: legacy PyTorch,
 * NeMo ({@code model_config.yaml} + weights) and OCI image archives ({@code oci-layout} +
 * {@code index.json}, whose digests are verified). The members themselves were already scanned by
 * content.
 */
final class TarLayouts {
  private TarLayouts() {}

  /**
   * @param oci the OCI collector that saw the members during the walk
   * @param complete false when the walk stopped early (budget, damaged header)
   */
  static void refine(ScanContext ctx, Set<String> names, OciArchive oci, boolean complete) throws IOException {
    Set<String> plain = names.stream().map(n -> n.startsWith("./") ? n.substring(2) : n).collect(Collectors.toSet());
    if (plain.contains("model_config.yaml")) ctx.setFormat("nemo");
    else if (plain.contains("oci-layout") && plain.contains("index.json")) {
      ctx.setFormat("oci-archive");
      oci.verify(complete);
    } else LegacyTarLayout.check(ctx, names);
  }

  /** Walks a tar with an OCI collector watching its members, then names its layout. */
  static void walk(ScanContext ctx, SourceReader in, ByteSource seekable) throws IOException {
    OciArchive oci = new OciArchive(ctx);
    TarWalker walker = new TarWalker(ctx, in, seekable, oci);
    walker.walk();
    refine(ctx, walker.names(), oci, ctx.inconclusiveReason() == null);
  }
}
