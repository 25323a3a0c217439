package io.modelvet.formats.text;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import java.util.Set;

/**
 * Plain UTF-8 text that no model scanner claimed (README, licences, vocabularies). Text is not
 * executed by model loaders; a script with a shebang is reported, since model folders do not need
 * executables. Format-specific text (JSON configs, templates, Python) has its own scanners, which
 * sniff with higher confidence.
 */
public final class TextScanner implements Scanner {
  @Override
  public String format() {
    return "text";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("txt", "md", "csv", "tsv", "vocab");
  }

  @Override
  public int sniffCeiling() {
    return 5;
  }

  @Override
  public int sniff(Head head) {
    return head.looksLikeText() ? 5 : 0;
  }

  @Override
  public void scan(ScanContext ctx) {
    if (ctx.head().startsWith("#!")) {
      String first = ctx.head().latin1().lines().findFirst().orElse("#!");
      ctx.report("general.embedded-executable", 0, "A script with an interpreter line (" + first.strip() + ") sits among the model files.", first.strip());
    }
  }
}
