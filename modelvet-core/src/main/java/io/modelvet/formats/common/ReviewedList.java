package io.modelvet.formats.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a reviewed tab-separated data file from the classpath: one entry per line, {@code #}
 * comments, and a reason column that must not be empty (detection knowledge is data, and every
 * entry says why it is there).
 */
public final class ReviewedList {
  private ReviewedList() {}

  /**
   * Reads the rows of {@code resource}. Each row must have at least {@code minColumns} columns;
   * when {@code reasonColumn >= 0} that column must be non-blank. Fails loudly on a broken file,
   * since these files ship inside the jar.
   */
  public static List<String[]> load(String resource, int minColumns, int reasonColumn) {
    try (InputStream in = ReviewedList.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("data file " + resource + " missing from the classpath");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String[]> rows = new ArrayList<>();
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] cols = line.split("\t", -1);
        if (cols.length < minColumns)
          throw new IllegalStateException(resource + ":" + n + ": expected " + minColumns + " tab-separated columns");
        if (reasonColumn >= 0 && cols[reasonColumn].isBlank())
          throw new IllegalStateException(resource + ":" + n + ": entry without a reason");
        for (int i = 0; i < cols.length; i++) cols[i] = cols[i].strip();
        rows.add(cols);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
