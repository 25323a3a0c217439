package io.modelvet.formats.common.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Jinja template into its code tags ({@code {{ ... }}} expressions and {@code {% ... %}}
 * statements), dropping comments, plain text and {@code raw} blocks. It never evaluates anything.
 * An unterminated tag or string does not hide code: the rest of the text becomes the tag's body
 * and the problem is recorded.
 */
final class JinjaLexer {

  /** Kind of code tag. */
  enum Kind {
    EXPRESSION,
    STATEMENT
  }

  /**
   * One code tag.
   *
   * @param kind expression or statement
   * @param body the code between the delimiters, whitespace-control markers removed
   * @param line 1-based line of the opening delimiter
   * @param charOffset char index of the opening delimiter in the template
   */
  record Tag(Kind kind, String body, int line, int charOffset) {
    /** The keyword of a statement ({@code for}, {@code set}, {@code endfor}), or "". */
    String keyword() {
      if (kind != Kind.STATEMENT) return "";
      String s = body.strip();
      int i = 0;
      while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i))) i++;
      return s.substring(0, i);
    }
  }

  /** Tags found and the syntax problems met. */
  record Result(List<Tag> tags, List<String> problems) {}

  private JinjaLexer() {}

  static Result lex(String t) {
    List<Tag> tags = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    int line = 1;
    int n = t.length();
    boolean inRaw = false;
    while (i < n) {
      int open = t.indexOf('{', i);
      if (open < 0 || open + 1 >= n) break;
      line += countNewlines(t, i, open);
      i = open;
      char next = t.charAt(open + 1);
      if (next == '#') {
        int close = t.indexOf("#}", open + 2);
        if (close < 0) {
          problems.add("comment opened on line " + line + " is never closed");
          break;
        }
        line += countNewlines(t, open, close + 2);
        i = close + 2;
        continue;
      }
      if (next != '{' && next != '%') {
        i = open + 1;
        continue;
      }
      Kind kind = next == '{' ? Kind.EXPRESSION : Kind.STATEMENT;
      int bodyStart = open + 2;
      int end = findEnd(t, bodyStart, kind);
      int bodyEnd;
      int after;
      if (end < 0) {
        problems.add((kind == Kind.EXPRESSION ? "expression" : "statement") + " opened on line " + line + " is never closed");
        bodyEnd = n;
        after = n;
      } else {
        bodyEnd = end;
        after = end + 2;
      }
      String body = stripControl(t.substring(bodyStart, bodyEnd));
      Tag tag = new Tag(kind, body, line, open);
      String kw = tag.keyword();
      if (inRaw) {
        if (kw.equals("endraw")) inRaw = false;
      } else if (kw.equals("raw")) {
        inRaw = true;
      } else {
        tags.add(tag);
      }
      line += countNewlines(t, open, after);
      i = after;
    }
    if (inRaw) problems.add("raw block is never closed");
    return new Result(tags, problems);
  }

  /** Index of the closing {@code }}} or {@code %}} outside strings and brackets, or -1. */
  private static int findEnd(String t, int from, Kind kind) {
    int depth = 0;
    int n = t.length();
    for (int i = from; i < n; i++) {
      char c = t.charAt(i);
      if (c == '\'' || c == '"') {
        int close = skipString(t, i);
        if (close < 0) return -1;
        i = close;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (kind == Kind.STATEMENT && c == '%' && i + 1 < n && t.charAt(i + 1) == '}') {
        return i;
      } else if (c == '}' && depth == 0 && kind == Kind.EXPRESSION && i + 1 < n && t.charAt(i + 1) == '}') {
        return i;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      }
    }
    return -1;
  }

  /** Index of the quote closing the string opened at {@code start}, or -1. */
  static int skipString(String t, int start) {
    char q = t.charAt(start);
    for (int i = start + 1; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\\') i++;
      else if (c == q) return i;
    }
    return -1;
  }

  private static String stripControl(String body) {
    String b = body;
    if (!b.isEmpty() && (b.charAt(0) == '-' || b.charAt(0) == '+')) b = b.substring(1);
    if (!b.isEmpty() && (b.charAt(b.length() - 1) == '-' || b.charAt(b.length() - 1) == '+'))
      b = b.substring(0, b.length() - 1);
    return b;
  }

  private static int countNewlines(String t, int from, int to) {
    int c = 0;
    for (int i = from; i < to && i < t.length(); i++) if (t.charAt(i) == '\n') c++;
    return c;
  }
}
