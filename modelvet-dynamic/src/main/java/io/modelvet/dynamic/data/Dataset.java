package io.modelvet.dynamic.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows of features in the user's units, optional integer labels and optional sensitive columns.
 *
 * @param x feature rows, all of the same length
 * @param y labels per row, or null when the data has none
 * @param featureNames one name per feature
 * @param sensitive sensitive attribute columns (name to one value per row), in the order given
 * @param source where the rows came from, for the report
 */
public record Dataset(
    double[][] x, int[] y, String[] featureNames, Map<String, String[]> sensitive, String source) {

  public Dataset {
    if (x.length == 0) throw new DataException(source + ": no rows");
    int d = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) throw new DataException(source + ": row " + i + " has " + x[i].length + " values, expected " + d);
      for (int j = 0; j < d; j++)
        if (Double.isNaN(x[i][j]) || Double.isInfinite(x[i][j]))
          throw new DataException(source + ": row " + i + ", feature '" + (featureNames != null && j < featureNames.length ? featureNames[j] : j) + "' is " + x[i][j]);
    }
    if (y != null && y.length != x.length) throw new DataException(source + ": " + y.length + " labels for " + x.length + " rows");
    for (Map.Entry<String, String[]> e : sensitive.entrySet())
      if (e.getValue().length != x.length) throw new DataException(source + ": sensitive column '" + e.getKey() + "' has " + e.getValue().length + " values for " + x.length + " rows");
    sensitive = new LinkedHashMap<>(sensitive);
  }

  public int rows() {
    return x.length;
  }

  public int features() {
    return x[0].length;
  }

  public boolean hasLabels() {
    return y != null;
  }

  /** Largest label plus one, or 0 without labels. */
  public int labelClasses() {
    if (y == null) return 0;
    int m = -1;
    for (int v : y) m = Math.max(m, v);
    return m + 1;
  }
}
