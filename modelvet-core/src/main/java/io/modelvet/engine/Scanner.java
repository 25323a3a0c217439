package io.modelvet.engine;

import java.io.IOException;
import java.util.Set;

/**
 * Analyses one format family. The engine asks every scanner to {@link #sniff} a file's content and
 * hands the file to the most confident one. Scanners never execute, import or deserialise content.
 */
public interface Scanner {

  /** Format id used in reports ("pickle", "onnx", "zip"...); a scanner may refine it per file. */
  String format();

  /**
   * How sure this scanner is that it handles this content, from 0 (not mine) to 100 (magic
   * number and structure match). Must be cheap and must not throw.
   */
  int sniff(Head head);

  /**
   * The highest score {@link #sniff} can return. The engine asks scanners in order of this ceiling
   * and stops asking once a scanner has scored above every ceiling left, so a scanner of a format
   * that is only ever a weak guess (plain text, requirements files) declares that here and is not
   * asked about files another format has already claimed. A score above the ceiling counts as the
   * ceiling.
   */
  default int sniffCeiling() {
    return 100;
  }

  /** Scans the file in {@code ctx}, reporting findings and nested members through it. */
  void scan(ScanContext ctx) throws IOException;

  /** File extensions conventionally used for this format, for the extension-mismatch check. */
  default Set<String> extensions() {
    return Set.of();
  }

  /**
   * True when loading this format can run code (pickle and everything that wraps it). A file of
   * such a format hidden behind another format's extension is a high-severity disguise.
   */
  default boolean codeOnLoad() {
    return false;
  }
}
