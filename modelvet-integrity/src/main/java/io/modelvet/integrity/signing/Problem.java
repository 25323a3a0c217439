package io.modelvet.integrity.signing;

/**
 * One reason a verification failed.
 *
 * @param kind the category
 * @param path the model file concerned (relative, {@code /}-separated), or null
 * @param expected the signed digest ({@code algorithm:hex}) for a modified file, else null
 * @param actual the digest found now for a modified file, else null
 * @param message a sentence naming what differs
 */
public record Problem(ProblemKind kind, String path, String expected, String actual, String message) {
  static Problem of(ProblemKind kind, String message) {
    return new Problem(kind, null, null, null, message);
  }
}
