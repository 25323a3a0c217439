package io.modelvet.formats.pyenv;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * pip requirements files shipped with models (MLflow {@code requirements.txt}, TorchServe
 * {@code requirements.txt} inside a {@code .mar}). Recognised by content: every line is a
 * requirement, an option or a comment, and at least one carries a version, an option or a URL
 * (so a plain word list is not claimed). Reports installs from URLs, repositories, local paths
 * and other package indexes.
 */
public final class RequirementsScanner implements Scanner {
  static final int MAX_SIZE = 1 << 20;
  private static final int SNIFF_LINES = 400;

  @Override
  public String format() {
    return "pip-requirements";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("txt");
  }

  @Override
  public int sniffCeiling() {
    return 20;
  }

  @Override
  public int sniff(Head head) {
    if (head.size() > MAX_SIZE || !head.looksLikeText()) return 0;
    String[] lines = head.latin1().split("\r?\n", SNIFF_LINES + 1);
    int last = head.size() <= head.length() ? lines.length : lines.length - 1; // the last line may be cut
    boolean distinctive = false;
    for (int i = 0; i < Math.min(last, SNIFF_LINES); i++) {
      if (!RequirementLines.isRequirementLine(lines[i])) return 0;
      distinctive |= RequirementLines.isDistinctive(lines[i]);
    }
    return distinctive ? 20 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    long size = ctx.source().size();
    if (size > MAX_SIZE) throw new MalformedException("requirements file of " + size + " bytes is larger than " + MAX_SIZE);
    String text = new String(ctx.source().readFully(0, (int) size), StandardCharsets.UTF_8);
    CappedReports out = new CappedReports(ctx, 20);
    int no = 0;
    for (String line : text.split("\r?\n")) RequirementLines.check(out, line, "Line " + (++no));
  }
}
