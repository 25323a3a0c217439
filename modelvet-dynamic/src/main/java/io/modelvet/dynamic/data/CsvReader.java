package io.modelvet.dynamic.data;

import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 CSV parser: comma separated, double-quoted fields, CRLF or LF line ends. */
public final class CsvReader {
  /** Most rows accepted. */
  public static final int MAX_ROWS = 2_000_000;

  private CsvReader() {}

  /** Parses all records; the first is the header. Blank lines are skipped. */
  public static List<String[]> parse(String text, String name) {
    List<String[]> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') line++;
          cur.append(c);
        }
      } else if (c == '"' && cur.length() == 0) {
        quoted = true;
        fieldStarted = true;
      } else if (c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
        fieldStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        if (fieldStarted || cur.length() > 0) {
          fields.add(cur.toString());
          rows.add(fields.toArray(new String[0]));
          if (rows.size() > MAX_ROWS) throw new DataException(name + ": more than " + MAX_ROWS + " rows");
        }
        fields.clear();
        cur.setLength(0);
        fieldStarted = false;
        line++;
      } else {
        cur.append(c);
        fieldStarted = true;
      }
    }
    if (quoted) throw new DataException(name + ": unterminated quoted field near line " + line);
    if (fieldStarted || cur.length() > 0) {
      fields.add(cur.toString());
      rows.add(fields.toArray(new String[0]));
    }
    return rows;
  }
}
