package io.modelvet.formats.common.jinja;

/**
 * A token of a Jinja expression.
 *
 * @param type what kind of token
 * @param text the identifier, the operator, the number as written, or the DECODED string value
 * @param charEscape for strings: an escape sequence produced a letter, digit or underscore
 *     ({@code "\x5f"}), which real templates never need
 */
record ExprToken(Type type, String text, boolean charEscape) {

  /** Token kinds. */
  enum Type {
    NAME,
    STRING,
    NUMBER,
    OP
  }

  boolean is(Type t, String s) {
    return type == t && text.equals(s);
  }

  boolean isOp(String s) {
    return is(Type.OP, s);
  }
}
