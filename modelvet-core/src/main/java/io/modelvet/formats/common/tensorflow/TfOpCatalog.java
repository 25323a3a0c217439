package io.modelvet.formats.common.tensorflow;

import io.modelvet.formats.common.ReviewedList;
import io.modelvet.report.Severity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reviewed TensorFlow op knowledge, from {@code io/modelvet/tensorflow/dangerous-ops.tsv} (ops
 * that reach Python, files or the network, with severity and reason) and {@code known-ops.tsv}
 * (ops recognised as TensorFlow's own). Shared by the SavedModel scanner and TFLite's Flex ops.
 */
public final class TfOpCatalog {
  private static final String BASE = "/io/modelvet/tensorflow/";
  private static final TfOpCatalog INSTANCE = new TfOpCatalog();

  /** A dangerous op: severity, category and why. */
  public record Danger(String op, Severity severity, String category, String reason) {
    /** True for checkpoint I/O, which is normal inside a saver. */
    public boolean isCheckpoint() {
      return "checkpoint".equals(category);
    }
  }

  private final Map<String, Danger> dangerous = new HashMap<>();
  private final Set<String> known = new HashSet<>();

  private TfOpCatalog() {
    for (String[] row : ReviewedList.load(BASE + "dangerous-ops.tsv", 4, 3))
      dangerous.put(row[0], new Danger(row[0], Severity.parse(row[1]), row[2], row[3]));
    for (String[] row : ReviewedList.load(BASE + "known-ops.tsv", 2, 1)) known.add(row[0]);
  }

  public static TfOpCatalog get() {
    return INSTANCE;
  }

  /** The danger entry for {@code op}, or null. */
  public Danger danger(String op) {
    return dangerous.get(op);
  }

  /** True when {@code op} is a TensorFlow op ModelVet recognises (dangerous ones included). */
  public boolean isKnown(String op) {
    return known.contains(op) || dangerous.containsKey(op);
  }
}
