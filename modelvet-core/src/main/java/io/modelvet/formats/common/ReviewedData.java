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
 * Loads a reviewed detection data file from the classpath: one entry per line, tab-separated
 * columns, the last column being the reason the entry is there. Blank lines and lines starting
 * with {@code #} are comments. An entry without a reason or with the wrong column count fails
 * loudly, so unreviewed knowledge never ships silently.
 */
public final class ReviewedData {
  private ReviewedData() {}

  /**
   * Reads {@code resource} (absolute classpath path) and returns the rows, each with exactly
   * {@code columns} cells (the reason included).
   */
  public static List<String[]> load(String resource, int columns) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = ReviewedData.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("data file missing from the classpath: " + resource);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] cells = line.split("\t");
        if (cells.length != columns || cells[columns - 1].isBlank())
          throw new IllegalStateException(resource + ":" + no + ": expected " + columns + " tab-separated columns ending with a reason: " + line);
        for (int i = 0; i < cells.length; i++) cells[i] = cells[i].strip();
        rows.add(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
