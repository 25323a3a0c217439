package io.modelvet.formats.paddle;

import io.modelvet.formats.common.ReviewedList;
import io.modelvet.report.Severity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Reviewed knowledge about Paddle operators: dangerous-ops.tsv and known-ops.tsv. */
final class PaddleOps {
  record Danger(Severity severity, String reason) {}

  private static final Map<String, Danger> DANGEROUS = new HashMap<>();
  private static final Set<String> KNOWN = new HashSet<>();

  static {
    for (String[] r : ReviewedList.load("/io/modelvet/paddle/dangerous-ops.tsv", 3, 2))
      DANGEROUS.put(r[0], new Danger(Severity.valueOf(r[1]), r[2]));
    for (String[] r : ReviewedList.load("/io/modelvet/paddle/known-ops.tsv", 2, 1)) KNOWN.add(r[0]);
  }

  private PaddleOps() {}

  static Danger danger(String op) {
    return DANGEROUS.get(op);
  }

  static boolean known(String op) {
    return KNOWN.contains(op) || op.endsWith("_grad");
  }
}
