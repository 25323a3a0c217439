package io.modelvet.dynamic.model;

/** The kind of scores a classifier exposes. */
public enum OutputKind {
  /** Unnormalised scores (logits); attacks get the full margin. */
  LOGITS,
  /** Probabilities summing to one per row (softmax, ZipMap). */
  PROBABILITIES,
  /** Only the predicted label: decision-based attacks only. */
  LABELS
}
