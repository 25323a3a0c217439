package io.modelvet.formats.pickle;

/** Decoding of the text operands of protocol-0 opcodes (STRING, UNICODE). */
final class PythonLiterals {
  private PythonLiterals() {}

  /** A STRING operand: a Python repr in single or double quotes; null when it is not quoted. */
  static String unquote(String raw) {
    String s = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (s.length() < 2) return null;
    char q = s.charAt(0);
    if ((q != '\'' && q != '"') || s.charAt(s.length() - 1) != q) return null;
    return unescape(s.substring(1, s.length() - 1));
  }

  /** Python string-escape decoding (the subset repr() produces plus octal). */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int end = i;
          while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') end++;
          out.append((char) Integer.parseInt(s.substring(i, end), 8));
          i = end - 1;
        }
        case 'x' -> i = hex(s, i, 2, out);
        case 'u' -> i = hex(s, i, 4, out);
        case 'U' -> i = hex(s, i, 8, out);
        default -> out.append(e == '\\' || e == '\'' || e == '"' ? String.valueOf(e) : "\\" + e);
      }
    }
    return out.toString();
  }

  /** The UNICODE operand's raw-unicode-escape encoding: only \\uXXXX and \\UXXXXXXXX escapes. */
  static String rawUnicodeEscape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
        i = hex(s, i + 1, s.charAt(i + 1) == 'u' ? 4 : 8, out);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hex(String s, int i, int digits, StringBuilder out) {
    if (i + digits >= s.length()) {
      out.append('\\').append(s.charAt(i));
      return i;
    }
    try {
      int cp = Integer.parseInt(s.substring(i + 1, i + 1 + digits), 16);
      out.appendCodePoint(Character.isValidCodePoint(cp) ? cp : 0xfffd);
      return i + digits;
    } catch (NumberFormatException e) {
      out.append('\\').append(s.charAt(i));
      return i;
    }
  }
}
