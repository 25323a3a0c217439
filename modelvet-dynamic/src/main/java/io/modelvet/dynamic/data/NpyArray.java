package io.modelvet.dynamic.data;

/**
 * A numeric or string array read from a {@code .npy} file.
 *
 * @param shape dimensions in C order
 * @param values numeric values as doubles (null for string arrays)
 * @param strings string values (null for numeric arrays)
 * @param dtype the NumPy dtype descriptor, e.g. {@code <f4}
 */
public record NpyArray(long[] shape, double[] values, String[] strings, String dtype) {

  /** Number of elements. */
  public int size() {
    return values != null ? values.length : strings.length;
  }

  /** Rows: the first dimension (1 for a scalar). */
  public int rows() {
    return shape.length == 0 ? 1 : (int) shape[0];
  }

  /** Elements per row. */
  public int rowWidth() {
    return rows() == 0 ? 0 : size() / rows();
  }

  /** Values reshaped to {@code [rows][rowWidth]}. */
  public double[][] asMatrix() {
    if (values == null) throw new DataException("array of " + dtype + " is not numeric");
    int r = rows();
    int w = rowWidth();
    double[][] m = new double[r][w];
    for (int i = 0; i < r; i++) System.arraycopy(values, i * w, m[i], 0, w);
    return m;
  }

  /** Values as one label per row; fails on fractional or multi-column arrays. */
  public int[] asLabels() {
    if (values == null) throw new DataException("label array of " + dtype + " is not numeric");
    if (rowWidth() != 1) throw new DataException("label array has shape with " + rowWidth() + " values per row; expected one");
    int[] y = new int[values.length];
    for (int i = 0; i < y.length; i++) {
      double v = values[i];
      if (v != Math.rint(v) || v < 0 || v > 1_000_000) throw new DataException("label " + v + " at row " + i + " is not a class index");
      y[i] = (int) v;
    }
    return y;
  }

  /** Values as strings (numbers formatted without a trailing .0 when integral). */
  public String[] asStrings() {
    if (strings != null) return strings.clone();
    String[] s = new String[values.length];
    for (int i = 0; i < s.length; i++) {
      double v = values[i];
      s[i] = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
    return s;
  }
}
