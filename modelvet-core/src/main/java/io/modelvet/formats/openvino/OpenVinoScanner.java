package io.modelvet.formats.openvino;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.SecureXml;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenVINO IR topology ({@code model.xml}, root element {@code net}). Parsed with
 * {@link SecureXml} (no DTD, no entity expansion). Layers whose {@code version} is not a built-in
 * operation set need an extension library, which is native code; {@code Const} data ranges are
 * checked against the weights file next to the topology; metadata strings go through the payload
 * checks.
 */
public final class OpenVinoScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> OPSETS = load();
  }

  private static Set<String> load() {
    Set<String> s = new HashSet<>();
    for (String[] row : ReviewedList.load("/io/modelvet/openvino/opsets.tsv", 2, 1)) s.add(row[0]);
    return s;
  }

  @Override
  public String format() {
    return "openvino-ir";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("xml");
  }

  @Override
  public int sniffCeiling() {
    return 85;
  }

  @Override
  public int sniff(Head head) {
    return "net".equals(SecureXml.rootElement(head.bytes())) && head.latin1().contains("<layers") ? 85 : 0;
  }

  /** The weights file OpenVINO reads for a topology on disk: same path with {@code .bin}. */
  static Path weightsOf(Path xml) {
    String name = xml.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return xml.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".bin");
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Walk w = new Walk(ctx);
    SecureXml.walk(ctx, w);
    if (!w.rootSeen) {
      ctx.inconclusive("XML root is not an OpenVINO net element");
      return;
    }
    if (w.dataEnd > 0 && ctx.source() instanceof FileByteSource f && ctx.depth() == 0) {
      Path bin = weightsOf(f.path());
      if (Files.isRegularFile(bin) && Files.size(bin) < w.dataEnd)
        ctx.report("openvino.weights-out-of-range", -1,
            "Layer \"" + w.dataEndLayer + "\" reads weights up to byte " + w.dataEnd + " of " + bin.getFileName() + ", which has only " + Files.size(bin) + " bytes. The runtime trusts these offsets; out-of-range values read outside the buffer.",
            w.dataEndLayer + ": offset+size=" + w.dataEnd + " weights=" + Files.size(bin));
    }
  }

  /** One pass over the document. */
  private static final class Walk implements SecureXml.Handler {
    private final ScanContext ctx;
    private final CappedReports reports;
    boolean rootSeen;
    private String layer = "";
    private boolean inRtInfo;
    private int rtInfoDepth;
    long dataEnd;
    String dataEndLayer;

    Walk(ScanContext ctx) {
      this.ctx = ctx;
      this.reports = new CappedReports(ctx, 50);
    }

    @Override
    public void start(XMLStreamReader r, int depth) {
      String name = r.getLocalName();
      if (depth == 1) {
        rootSeen = name.equals("net");
        return;
      }
      if (name.equals("layer")) {
        layer = attr(r, "name");
        String type = attr(r, "type");
        String version = attr(r, "version");
        if (!version.isEmpty() && !Reviewed.OPSETS.contains(version))
          reports.report("openvino.custom-layer", -1,
              "Layer \"" + layer + "\" has type " + type + " from \"" + version + "\", which is not a built-in OpenVINO operation set. The runtime needs an extension library (native code) registered for it, shipped with the model or by its author.",
              "type=" + type + " version=" + version);
      } else if (name.equals("data")) {
        long offset = number(attr(r, "offset"));
        long size = number(attr(r, "size"));
        if (offset >= 0 && size >= 0 && offset + size > dataEnd) {
          dataEnd = offset + size;
          dataEndLayer = layer;
        }
      } else if (name.equals("rt_info") || name.equals("meta_data")) {
        inRtInfo = true;
        rtInfoDepth = depth;
      }
      if (inRtInfo || name.equals("data"))
        for (int i = 0; i < r.getAttributeCount(); i++)
          PayloadChecks.checkString(ctx, r.getAttributeValue(i), "attribute " + r.getAttributeLocalName(i) + " of <" + name + ">" + (layer.isEmpty() ? "" : " in layer \"" + layer + "\""), -1);
    }

    @Override
    public void text(String text, int depth, long offset) {
      PayloadChecks.checkString(ctx, text, "text" + (layer.isEmpty() ? "" : " in layer \"" + layer + "\""), offset);
    }

    @Override
    public void end(XMLStreamReader r, int depth) {
      if (inRtInfo && depth == rtInfoDepth) inRtInfo = false;
      if (r.getLocalName().equals("layer")) layer = "";
    }

    private static String attr(XMLStreamReader r, String name) {
      String v = r.getAttributeValue(null, name);
      return v == null ? "" : v;
    }

    private static long number(String s) {
      try {
        return s.isEmpty() ? -1 : Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
