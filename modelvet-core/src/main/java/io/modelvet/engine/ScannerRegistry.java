package io.modelvet.engine;

import io.modelvet.formats.gguf.GgufScanner;
import io.modelvet.formats.jinja.JinjaTemplateScanner;
import io.modelvet.formats.safetensors.SafetensorsScanner;
import io.modelvet.formats.text.EmptyFileScanner;
import io.modelvet.formats.text.TextScanner;
import java.util.List;

/**
 * The scanners ModelVet ships, one per format family. Order does not matter: each file goes to the
 * scanner whose {@link Scanner#sniff} is most confident.
 */
public final class ScannerRegistry {
  private ScannerRegistry() {}

  public static List<Scanner> defaults() {
    return List.of(
        // --- keep one scanner per line, grouped by family ---
        new GgufScanner(),
        new SafetensorsScanner(),
        new JinjaTemplateScanner(),
        new EmptyFileScanner(),
        new TextScanner());
  }
}
