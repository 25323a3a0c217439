package io.modelvet.formats.text;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.ReviewedList;
import java.util.HashSet;
import java.util.Set;

/**
 * Zero-byte files: nothing to load, nothing to run. An empty file named like a model (the list in
 * {@code io/modelvet/text/model-extensions.tsv}) is inconclusive, though: no model was vetted.
 */
public final class EmptyFileScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> MODEL_EXTENSIONS = loadExtensions();
  }

  @Override
  public String format() {
    return "empty";
  }

  @Override
  public int sniff(Head head) {
    return head.size() == 0 ? 100 : 0;
  }

  @Override
  public void scan(ScanContext ctx) {
    String ext = ctx.head().extension();
    if (Reviewed.MODEL_EXTENSIONS.contains(ext))
      ctx.inconclusive("empty file named like a model (." + ext + "): 0 bytes, so no model was analysed (a failed download, export or LFS checkout?)");
  }

  private static Set<String> loadExtensions() {
    Set<String> out = new HashSet<>();
    for (String[] row : ReviewedList.load("/io/modelvet/text/model-extensions.tsv", 2, 1)) out.add(row[0]);
    return Set.copyOf(out);
  }
}
