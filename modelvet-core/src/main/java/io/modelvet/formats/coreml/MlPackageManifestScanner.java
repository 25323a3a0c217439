package io.modelvet.formats.coreml;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.FolderView;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.formats.common.PayloadChecks;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code Manifest.json} of a Core ML {@code .mlpackage} folder: {@code fileFormatVersion},
 * {@code itemInfoEntries} (identifier → {@code path}, {@code name}, {@code author},
 * {@code description}; paths relative to the package's {@code Data/} folder) and
 * {@code rootModelIdentifier}. An item path that is absolute or climbs out with {@code ..} is
 * {@code coreml.manifest-path} HIGH; the other strings go through the payload checks. The items
 * themselves (the model specification and the weight file) are files of the folder and are
 * scanned by content like any other.
 */
public final class MlPackageManifestScanner implements Scanner {
  private static final int REPORTS_PER_RULE = 20;

  @Override
  public String format() {
    return "coreml-manifest";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("json");
  }

  @Override
  public int sniffCeiling() {
    return 80;
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.hasTopLevelKeys(head, "itemInfoEntries", "fileFormatVersion", "rootModelIdentifier") ? 80 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = JsonSupport.readTree(ctx);
    CappedReports out = new CappedReports(ctx, REPORTS_PER_RULE);
    JsonNode items = root.path("itemInfoEntries");
    if (!items.isObject()) {
      ctx.inconclusive("Core ML package manifest without an itemInfoEntries object");
      return;
    }
    for (Map.Entry<String, JsonNode> e : items.properties()) {
      JsonNode item = e.getValue();
      String path = item.path("path").asText("");
      if (!path.isEmpty() && !FolderView.staysInside(path))
        out.report("coreml.manifest-path", -1, "Item \"" + e.getKey() + "\" of the package manifest has the path \"" + path + "\", which leaves the package's Data/ folder (absolute or with \"..\"). Tools that open the package resolve it against Data/.", "path=" + path);
      for (String field : new String[] {"name", "author", "description"})
        PayloadChecks.checkInertText(ctx, item.path(field).asText(""), "the package manifest (" + field + " of item " + e.getKey() + ")", -1);
    }
  }
}
