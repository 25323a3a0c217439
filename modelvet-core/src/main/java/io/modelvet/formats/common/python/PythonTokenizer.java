package io.modelvet.formats.common.python;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Python source into logical lines of tokens — enough to see imports, definitions and calls
 * without a full parser. Comments are dropped; string literals become one token holding their
 * text; brackets and backslash continuations join physical lines; the expressions inside f-string
 * braces are tokenized too, so calls hidden there are seen. Never executes anything and never
 * fails: unterminated strings or brackets simply end at the end of the input.
 */
public final class PythonTokenizer {
  /** Token kinds. */
  public enum Kind {
    NAME,
    STRING,
    NUMBER,
    OP
  }

  /** One token: kind, text (a string's content for STRING) and the 1-based line it starts on. */
  public record Token(Kind kind, String text, int line) {
    boolean is(String s) {
      return kind != Kind.STRING && text.equals(s);
    }
  }

  /** A logical line: the indentation column of its first token and its tokens. */
  public record Line(int indent, int number, List<Token> tokens) {}

  /** Most tokens produced from one input; beyond it the rest of the input is ignored. */
  static final int MAX_TOKENS = 5_000_000;

  private final String src;
  private int pos;
  private int line = 1;
  private int tokens;

  private PythonTokenizer(String src) {
    this.src = src;
  }

  /** Tokenizes {@code source} into logical lines. */
  public static List<Line> lines(String source) {
    return new PythonTokenizer(source).run();
  }

  private List<Line> run() {
    List<Line> out = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    int indent = 0;
    int startLine = 1;
    boolean atLineStart = true;
    int col = 0;
    while (pos < src.length() && tokens < MAX_TOKENS) {
      char c = src.charAt(pos);
      if (atLineStart) {
        if (c == ' ') {
          col++;
          pos++;
          continue;
        }
        if (c == '\t') {
          col = (col / 8 + 1) * 8;
          pos++;
          continue;
        }
        if (c == '\f') {
          col = 0;
          pos++;
          continue;
        }
      }
      if (c == '\n' || c == '\r') {
        pos += (c == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') ? 2 : 1;
        line++;
        if (depth == 0 && !current.isEmpty()) {
          out.add(new Line(indent, startLine, current));
          current = new ArrayList<>();
        }
        if (depth == 0) {
          atLineStart = true;
          col = 0;
        }
        continue;
      }
      if (atLineStart) {
        atLineStart = false;
        indent = col;
        startLine = line;
      }
      if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') pos++;
        continue;
      }
      if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r')) {
        pos++;
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') pos++;
        pos++;
        line++;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
        continue;
      }
      int stringStart = stringPrefixEnd();
      if (stringStart >= 0) {
        readString(stringStart, current);
        continue;
      }
      if (Character.isJavaIdentifierStart(c) && c != '$') {
        int s = pos;
        while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos)) && src.charAt(pos) != '$') pos++;
        add(current, Kind.NAME, src.substring(s, pos));
        continue;
      }
      if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        int s = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.' || src.charAt(pos) == '_')) pos++;
        add(current, Kind.NUMBER, src.substring(s, pos));
        continue;
      }
      if (c == '(' || c == '[' || c == '{') depth++;
      if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
      add(current, Kind.OP, String.valueOf(c));
      pos++;
    }
    if (!current.isEmpty()) out.add(new Line(indent, startLine, current));
    return out;
  }

  private void add(List<Token> to, Kind kind, String text) {
    tokens++;
    to.add(new Token(kind, text, line));
  }

  /**
   * If a string literal (with an optional r/b/u/f prefix) starts here, returns the index of its
   * opening quote; else -1.
   */
  private int stringPrefixEnd() {
    int i = pos;
    while (i < src.length() && i - pos < 3 && "rRbBuUfF".indexOf(src.charAt(i)) >= 0) i++;
    if (i < src.length() && (src.charAt(i) == '\'' || src.charAt(i) == '"')) {
      if (i > pos && pos > 0 && Character.isJavaIdentifierPart(src.charAt(pos - 1))) return -1;
      return i;
    }
    return -1;
  }

  private void readString(int quoteAt, List<Token> current) {
    String prefix = src.substring(pos, quoteAt).toLowerCase();
    boolean raw = prefix.contains("r");
    boolean fstring = prefix.contains("f");
    char q = src.charAt(quoteAt);
    boolean triple = quoteAt + 2 < src.length() && src.charAt(quoteAt + 1) == q && src.charAt(quoteAt + 2) == q;
    int startLine = line;
    pos = quoteAt + (triple ? 3 : 1);
    StringBuilder text = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\' && pos + 1 < src.length()) {
        char n = src.charAt(pos + 1);
        if (n == '\n') line++;
        text.append(raw ? "\\" + n : unescape(n));
        pos += 2;
        continue;
      }
      if (c == q && (!triple || (pos + 2 < src.length() && src.charAt(pos + 1) == q && src.charAt(pos + 2) == q))) {
        pos += triple ? 3 : 1;
        break;
      }
      if (c == '\n') {
        line++;
        if (!triple) break; // unterminated single-quoted string ends at the line end
      }
      text.append(c);
      pos++;
    }
    tokens++;
    current.add(new Token(Kind.STRING, text.toString(), startLine));
    if (fstring) addFStringExpressions(text.toString(), current, startLine);
  }

  /** Tokenizes the expressions between single braces of an f-string and appends them. */
  private void addFStringExpressions(String body, List<Token> current, int atLine) {
    int depth = 0;
    int start = -1;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{') {
        if (depth == 0 && i + 1 < body.length() && body.charAt(i + 1) == '{') {
          i++;
          continue;
        }
        if (depth++ == 0) start = i + 1;
      } else if (c == '}' && depth > 0 && --depth == 0) {
        for (Line l : lines(body.substring(start, i)))
          for (Token t : l.tokens()) {
            if (++tokens > MAX_TOKENS) return;
            current.add(new Token(t.kind(), t.text(), atLine));
          }
      }
    }
  }

  private static String unescape(char n) {
    return switch (n) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case '\n' -> "";
      default -> String.valueOf(n);
    };
  }
}
