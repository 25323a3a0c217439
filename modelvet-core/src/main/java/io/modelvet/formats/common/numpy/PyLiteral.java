package io.modelvet.formats.common.numpy;

import io.modelvet.io.MalformedException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small parser for the Python literals found in {@code .npy} headers: dicts, tuples, lists,
 * strings, integers, True/False/None. It only builds values, never evaluates anything, and
 * bounds nesting depth.
 */
public final class PyLiteral {
  private static final int MAX_DEPTH = 32;

  private final String s;
  private int i;

  private PyLiteral(String s) {
    this.s = s;
  }

  /** Parses one literal that makes up the whole text (surrounding whitespace allowed). */
  public static Object parse(String text) throws MalformedException {
    PyLiteral p = new PyLiteral(text);
    Object v = p.value(0);
    p.ws();
    if (p.i != p.s.length()) throw p.error("unexpected text after the literal");
    return v;
  }

  private Object value(int depth) throws MalformedException {
    if (depth > MAX_DEPTH) throw error("literal nested too deeply");
    ws();
    if (i >= s.length()) throw error("literal ends early");
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return dict(depth);
      case '(':
        return sequence(')', depth);
      case '[':
        return sequence(']', depth);
      case '\'':
      case '"':
        return string();
      default:
        if (c == '-' || c == '+' || Character.isDigit(c)) return number();
        return word();
    }
  }

  private Map<Object, Object> dict(int depth) throws MalformedException {
    i++;
    Map<Object, Object> m = new LinkedHashMap<>();
    while (true) {
      ws();
      if (peek('}')) {
        i++;
        return m;
      }
      Object k = value(depth + 1);
      ws();
      expect(':');
      Object v = value(depth + 1);
      if (m.put(k, v) != null) throw error("duplicate key " + k);
      ws();
      if (peek(',')) i++;
      else if (!peek('}')) throw error("expected ',' or '}'");
    }
  }

  private List<Object> sequence(char close, int depth) throws MalformedException {
    i++;
    List<Object> out = new ArrayList<>();
    while (true) {
      ws();
      if (peek(close)) {
        i++;
        return out;
      }
      out.add(value(depth + 1));
      ws();
      if (peek(',')) i++;
      else if (!peek(close)) throw error("expected ',' or '" + close + "'");
    }
  }

  private String string() throws MalformedException {
    char q = s.charAt(i++);
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == q) return b.toString();
      if (c == '\\') {
        if (i >= s.length()) break;
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case '0' -> b.append('\0');
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    throw error("string not terminated");
  }

  private Object number() throws MalformedException {
    int start = i;
    if (peek('-') || peek('+')) i++;
    while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
    if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++; // Python 2 long suffix
    String t = s.substring(start, i).replace("L", "").replace("l", "").replace("+", "");
    if (t.isEmpty() || t.equals("-") || t.length() > 40) throw error("bad number");
    return new BigInteger(t);
  }

  private Object word() throws MalformedException {
    int start = i;
    while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
    return switch (s.substring(start, i)) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> null;
      default -> throw error("unsupported token");
    };
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
  }

  private boolean peek(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void expect(char c) throws MalformedException {
    if (!peek(c)) throw error("expected '" + c + "'");
    i++;
  }

  private MalformedException error(String what) {
    return new MalformedException("npy header: " + what + " at character " + i);
  }
}
