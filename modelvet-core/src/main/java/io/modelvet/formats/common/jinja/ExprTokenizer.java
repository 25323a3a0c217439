package io.modelvet.formats.common.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes the body of a Jinja tag: identifiers, numbers, operators and string literals with
 * their Python escapes decoded (hex, 4- and 8-digit unicode, octal and the
 * usual single-letter escapes), so that names spelled through escapes are seen as what they are.
 */
final class ExprTokenizer {
  private static final String[] OPS = {"**", "//", "==", "!=", "<=", ">=", "~"};

  private ExprTokenizer() {}

  static List<ExprToken> tokenize(String s) {
    List<ExprToken> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        int close = JinjaLexer.skipString(s, i);
        int end = close < 0 ? n : close;
        out.add(decodeString(s.substring(i + 1, end)));
        i = end + 1;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) j++;
        out.add(new ExprToken(ExprToken.Type.NUMBER, s.substring(i, j), false));
        i = j;
      } else if (Character.isJavaIdentifierStart(c)) {
        int j = i;
        while (j < n && Character.isJavaIdentifierPart(s.charAt(j))) j++;
        out.add(new ExprToken(ExprToken.Type.NAME, s.substring(i, j), false));
        i = j;
      } else {
        String op = String.valueOf(c);
        for (String o : OPS) {
          if (s.startsWith(o, i)) {
            op = o;
            break;
          }
        }
        out.add(new ExprToken(ExprToken.Type.OP, op, false));
        i += op.length();
      }
    }
    return out;
  }

  /** Decodes a Python string literal body; records whether an escape spelled a name character. */
  static ExprToken decodeString(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    boolean charEscape = false;
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        b.append(c);
        continue;
      }
      char e = raw.charAt(++i);
      int code = -1;
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int j = i;
          while (j < n && j < i + 3 && raw.charAt(j) >= '0' && raw.charAt(j) <= '7') j++;
          code = Integer.parseInt(raw.substring(i, j), 8);
          i = j - 1;
        }
        case 'x' -> {
          code = hex(raw, i + 1, 2);
          if (code >= 0) i += 2;
        }
        case 'u' -> {
          code = hex(raw, i + 1, 4);
          if (code >= 0) i += 4;
        }
        case 'U' -> {
          code = hex(raw, i + 1, 8);
          if (code >= 0) i += 8;
        }
        default -> b.append(e);
      }
      if (code >= 0) {
        if (Character.isValidCodePoint(code)) b.appendCodePoint(code);
        if (code < 128 && (Character.isLetterOrDigit(code) || code == '_' || code == '.')) charEscape = true;
      }
    }
    return new ExprToken(ExprToken.Type.STRING, b.toString(), charEscape);
  }

  private static int hex(String s, int from, int len) {
    if (from + len > s.length()) return -1;
    try {
      return (int) Long.parseLong(s.substring(from, from + len), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
