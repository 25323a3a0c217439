package io.modelvet.engine;

import io.modelvet.formats.huggingface.HfConfigScanner;
import io.modelvet.formats.huggingface.JsonScanner;
import io.modelvet.formats.huggingface.PythonSourceScanner;
import io.modelvet.formats.keras.KerasConfigScanner;
import io.modelvet.formats.keras.KerasH5Scanner;
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
        new EmptyFileScanner(),
        new KerasH5Scanner(),
        new KerasConfigScanner(),
        new HfConfigScanner(),
        new JsonScanner(),
        new PythonSourceScanner(),
        new TextScanner());
  }
}
