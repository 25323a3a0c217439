package io.modelvet.formats.orbax;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.JsonSupport;
import java.io.IOException;
import java.util.Set;

/**
 * zarr metadata documents: {@code .zarray} / {@code .zgroup} (zarr v2) and {@code zarr.json}
 * (v3), as Orbax writes one per array of a checkpoint (and TensorStore stores inside OCDBT).
 * Recognised by the {@code zarr_format} key; arrays are checked by {@link ZarrMetadata}.
 */
public final class ZarrMetadataScanner implements Scanner {
  @Override
  public String format() {
    return "zarr-metadata";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("zarray", "zgroup", "json");
  }

  @Override
  public int sniffCeiling() {
    return 85;
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.looksLikeJson(head) && JsonSupport.topLevelKeys(head).contains("zarr_format") ? 85 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode doc = JsonSupport.readTree(ctx);
    int f = doc.path("zarr_format").asInt(0);
    if (f != 2 && f != 3) {
      ctx.report("zarr.malformed-metadata", 0, "The zarr metadata declares zarr_format " + doc.path("zarr_format") + "; only formats 2 and 3 exist.", "zarr_format " + doc.path("zarr_format"));
      return;
    }
    ZarrArray a = ZarrMetadata.parse(doc);
    if (a != null) ZarrMetadata.report(ctx, a, ctx.head().name(), 0);
  }
}
