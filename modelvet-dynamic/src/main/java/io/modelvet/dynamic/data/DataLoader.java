package io.modelvet.dynamic.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a {@link Dataset} from CSV, NPY or NPZ. The format is recognised by content: the NPY
 * magic, the zip signature (NPZ), otherwise text is parsed as CSV with a header row.
 *
 * <p>CSV: features are every column except the target and the sensitive ones, in file order,
 * unless {@link DataSpec#features()} names them. NPZ: features come from array {@code x} (or the
 * only non-label array), labels from the target name (default {@code y}), sensitive attributes from
 * arrays of those names. A lone NPY holds features only.
 */
public final class DataLoader {
  /** Largest data file read. */
  public static final long MAX_FILE_BYTES = 1L << 30;

  private DataLoader() {}

  public static Dataset load(Path file, DataSpec spec) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) throw new DataException(file + ": " + size + " bytes is larger than the " + MAX_FILE_BYTES + " byte limit");
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.toString();
    if (NpyReader.isNpy(bytes)) return fromNpy(NpyReader.read(bytes, name), name);
    if (NpzReader.isZip(bytes)) return fromNpz(NpzReader.read(bytes, name), spec, name);
    return fromCsv(new String(bytes, StandardCharsets.UTF_8), spec, name);
  }

  /**
   * Reads a boolean membership matrix {@code [rows][models]} from an NPY file (bool or 0/1 numbers).
   */
  public static boolean[][] loadMembershipMatrix(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) throw new DataException(file + ": too large");
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
    }
    NpyArray a = NpyReader.read(bytes, file.toString());
    if (a.shape().length != 2) throw new DataException(file + ": the membership matrix must be 2-D [audit rows, reference models]");
    double[][] m = a.asMatrix();
    boolean[][] out = new boolean[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = new boolean[m[i].length];
      for (int k = 0; k < m[i].length; k++) {
        if (m[i][k] != 0 && m[i][k] != 1) throw new DataException(file + ": membership values must be 0/1 or bool");
        out[i][k] = m[i][k] == 1;
      }
    }
    return out;
  }

  static Dataset fromNpy(NpyArray a, String name) {
    return new Dataset(a.asMatrix(), null, featureNames(a.rowWidth()), Map.of(), name);
  }

  static Dataset fromNpz(Map<String, NpyArray> arrays, DataSpec spec, String name) {
    String target = spec.target() != null ? spec.target() : (arrays.containsKey("y") ? "y" : null);
    if (spec.target() != null && !arrays.containsKey(target))
      throw new DataException(name + ": no array '" + target + "' (arrays: " + arrays.keySet() + ")");
    String xKey = arrays.containsKey("x") ? "x" : arrays.containsKey("X") ? "X" : null;
    if (!spec.features().isEmpty()) {
      if (spec.features().size() != 1) throw new DataException(name + ": for NPZ, --features names one array");
      xKey = spec.features().get(0);
    }
    if (xKey == null) {
      List<String> rest = new ArrayList<>(arrays.keySet());
      rest.remove(target);
      rest.removeAll(spec.sensitive());
      if (rest.size() != 1) throw new DataException(name + ": cannot tell the feature array among " + rest + "; name it 'x'");
      xKey = rest.get(0);
    }
    NpyArray xa = arrays.get(xKey);
    if (xa == null) throw new DataException(name + ": no array '" + xKey + "' (arrays: " + arrays.keySet() + ")");
    Map<String, String[]> sens = new LinkedHashMap<>();
    for (String s : spec.sensitive()) {
      NpyArray sa = arrays.get(s);
      if (sa == null) throw new DataException(name + ": no sensitive array '" + s + "' (arrays: " + arrays.keySet() + ")");
      sens.put(s, sa.asStrings());
    }
    int[] y = target == null ? null : arrays.get(target).asLabels();
    return new Dataset(xa.asMatrix(), y, featureNames(xa.rowWidth()), sens, name);
  }

  static Dataset fromCsv(String text, DataSpec spec, String name) {
    List<String[]> rows = CsvReader.parse(text, name);
    if (rows.size() < 2) throw new DataException(name + ": a CSV needs a header row and at least one data row");
    String[] header = Arrays.stream(rows.get(0)).map(String::trim).toArray(String[]::new);
    Map<String, Integer> col = new LinkedHashMap<>();
    for (int j = 0; j < header.length; j++) {
      if (col.put(header[j], j) != null) throw new DataException(name + ": column '" + header[j] + "' appears twice in the header");
    }
    if (spec.target() != null && !col.containsKey(spec.target()))
      throw new DataException(name + ": no target column '" + spec.target() + "' (columns: " + String.join(", ", header) + ")");
    for (String s : spec.sensitive())
      if (!col.containsKey(s)) throw new DataException(name + ": no sensitive column '" + s + "' (columns: " + String.join(", ", header) + ")");
    List<String> feats = new ArrayList<>();
    if (spec.features().isEmpty()) {
      for (String h : header)
        if (!h.equals(spec.target()) && !spec.sensitive().contains(h) && !spec.ignore().contains(h)) feats.add(h);
    } else {
      for (String f : spec.features()) {
        if (!col.containsKey(f)) throw new DataException(name + ": no feature column '" + f + "' (columns: " + String.join(", ", header) + ")");
        feats.add(f);
      }
    }
    int n = rows.size() - 1;
    double[][] x = new double[n][feats.size()];
    int[] y = spec.target() == null ? null : new int[n];
    Map<String, String[]> sens = new LinkedHashMap<>();
    for (String s : spec.sensitive()) sens.put(s, new String[n]);
    for (int i = 0; i < n; i++) {
      String[] r = rows.get(i + 1);
      if (r.length != header.length)
        throw new DataException(name + ": line " + (i + 2) + " has " + r.length + " fields, the header has " + header.length);
      for (int j = 0; j < feats.size(); j++) {
        try {
          x[i][j] = number(r[col.get(feats.get(j))], name, i + 2, feats.get(j));
        } catch (DataException e) {
          if (!spec.features().isEmpty()) throw e;
          // every column but --target and --sensitive is taken as a model input; say how to change that
          throw new DataException(e.getMessage() + ". If '" + feats.get(j) + "' is not an input of the model, name it with --sensitive"
              + " (a group attribute for fairness) or --target (the label), or list the model's input columns with --features");
        }
      }
      if (y != null) {
        double v = number(r[col.get(spec.target())], name, i + 2, spec.target());
        if (v != Math.rint(v) || v < 0) throw new DataException(name + ": line " + (i + 2) + ": target " + v + " is not a class index (0, 1, ...)");
        y[i] = (int) v;
      }
      for (String s : spec.sensitive()) sens.get(s)[i] = r[col.get(s)].trim();
    }
    return new Dataset(x, y, feats.toArray(new String[0]), sens, name);
  }

  private static double number(String text, String name, int line, String column) {
    String t = text.trim();
    if (t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("na"))
      throw new DataException(name + ": line " + line + ", column '" + column + "' is missing or NaN");
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new DataException(name + ": line " + line + ", column '" + column + "' is not a number: '" + t + "'");
    }
  }

  private static String[] featureNames(int d) {
    String[] n = new String[d];
    for (int j = 0; j < d; j++) n[j] = "x" + j;
    return n;
  }
}
