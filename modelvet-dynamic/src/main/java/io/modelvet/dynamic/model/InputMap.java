package io.modelvet.dynamic.model;

import io.modelvet.dynamic.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which data columns feed which input of a model with several inputs, read from a small CSV:
 *
 * <pre>
 * input,columns,shape
 * num,radius;texture;smoothness,
 * cat,area_band;smooth_band,
 * mask,=1,2
 * </pre>
 *
 * <p>{@code columns} lists data columns in the order the input expects them ({@code ;}-separated),
 * or {@code =VALUE} for a constant input (e.g. an attention mask of ones); {@code shape} (optional,
 * e.g. {@code 2} or {@code 1x8x8}) is the per-sample shape when the model leaves it symbolic. The
 * feature vector the attacks perturb is the concatenation of all mapped columns in file order;
 * the adapter splits it back into the named inputs.
 *
 * @param inputs the entries in file order
 */
public record InputMap(List<Entry> inputs) {
  private static final long MAX_BYTES = 1L << 20;

  /**
   * One model input.
   *
   * @param name ONNX input name
   * @param columns data columns in order (empty for a constant)
   * @param constant the value of a constant input, or NaN
   * @param shape per-sample shape, or null to take it from the model
   */
  public record Entry(String name, List<String> columns, double constant, int[] shape) {
    public boolean isConstant() {
      return columns.isEmpty();
    }
  }

  public InputMap {
    inputs = List.copyOf(inputs);
  }

  /** Every mapped column in order: the feature vector of the data. */
  public List<String> featureColumns() {
    List<String> all = new ArrayList<>();
    for (Entry e : inputs) all.addAll(e.columns());
    return all;
  }

  public static InputMap read(Path file) {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_BYTES) throw new DataException(file + ": inputs map larger than 1 MiB");
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read the inputs map");
    }
    String header = lines.isEmpty() ? "" : lines.get(0).replace(" ", "").toLowerCase(Locale.ROOT);
    if (!header.equals("input,columns") && !header.equals("input,columns,shape"))
      throw new DataException(file + ": line 1 must be the header input,columns or input,columns,shape");
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> columns = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) continue;
      String where = file + ": line " + (i + 1) + ": ";
      String[] p = line.split(",", -1);
      if (p.length < 2 || p.length > 3) throw new DataException(where + "expected input,columns[,shape]");
      String name = p[0].trim();
      if (name.isEmpty()) throw new DataException(where + "the input name is empty");
      if (!names.add(name)) throw new DataException(where + "input '" + name + "' is listed twice");
      int[] shape = p.length == 3 && !p[2].isBlank() ? shape(p[2].trim(), where) : null;
      String spec = p[1].trim();
      if (spec.startsWith("=")) {
        double v;
        try {
          v = Double.parseDouble(spec.substring(1).trim());
        } catch (NumberFormatException e) {
          throw new DataException(where + "a constant is written =NUMBER, got '" + spec + "'");
        }
        if (!Double.isFinite(v)) throw new DataException(where + "the constant must be finite");
        entries.add(new Entry(name, List.of(), v, shape));
        continue;
      }
      List<String> cols = new ArrayList<>();
      for (String c : spec.split(";")) {
        String t = c.trim();
        if (t.isEmpty()) throw new DataException(where + "empty column name in '" + spec + "'");
        if (!columns.add(t)) throw new DataException(where + "column '" + t + "' already feeds an input");
        cols.add(t);
      }
      entries.add(new Entry(name, cols, Double.NaN, shape));
    }
    if (entries.isEmpty()) throw new DataException(file + ": the inputs map lists no input");
    if (entries.stream().allMatch(Entry::isConstant)) throw new DataException(file + ": every input is constant; at least one must take data columns");
    return new InputMap(entries);
  }

  private static int[] shape(String text, String where) {
    String[] p = text.toLowerCase(Locale.ROOT).split("x");
    int[] s = new int[p.length];
    for (int k = 0; k < p.length; k++) {
      try {
        s[k] = Integer.parseInt(p[k].trim());
      } catch (NumberFormatException e) {
        throw new DataException(where + "shape is written like 8 or 1x8x8, got '" + text + "'");
      }
      if (s[k] < 1 || s[k] > 1 << 20) throw new DataException(where + "shape dimensions must be between 1 and 1048576");
    }
    return s;
  }
}
