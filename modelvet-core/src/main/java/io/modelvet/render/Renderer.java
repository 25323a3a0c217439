package io.modelvet.render;

import io.modelvet.report.ScanReport;
import java.io.IOException;
import java.io.Writer;

/** Turns a finished report into one output format. Renderers only render; they never decide. */
public interface Renderer {
  void render(ScanReport report, RenderOptions options, Writer out) throws IOException;

  /** The renderer for a format name: text, json or sarif. */
  static Renderer forFormat(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "text" -> new TextRenderer();
      case "json" -> new JsonRenderer();
      case "sarif" -> new SarifRenderer();
      default -> throw new IllegalArgumentException("unknown output format '" + name + "' (text, json, sarif)");
    };
  }
}
