package io.modelvet.engine;

/** Describes a parser failure in plain words for an inconclusive reason (no Java class names). */
final class Problems {
  private Problems() {}

  static String describe(Throwable e) {
    if (e == null) return "unknown failure";
    if (e instanceof NullPointerException) return "internal error (a value the parser expected was missing)";
    if (e instanceof IndexOutOfBoundsException) return "internal error (a position outside the data)";
    if (e instanceof ClassCastException) return "internal error (a value of an unexpected kind)";
    if (e instanceof ArithmeticException || e instanceof NegativeArraySizeException) return "internal error (a size out of range)";
    String m = e.getMessage();
    return m == null || m.isBlank() ? "internal error" : m;
  }
}
