package io.modelvet.cli;

import io.modelvet.dynamic.data.DataException;
import io.modelvet.dynamic.model.InputDomain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code --bounds-file}: a CSV with the header {@code feature,min,max} or
 * {@code feature,min,max,type}, one feature per line; type is {@code real} (default),
 * {@code integer} or {@code categorical} (integer codes min..max). Integer and categorical
 * features stay integers in every attack.
 */
final class BoundsFile {
  private static final long MAX_BYTES = 16L << 20;

  private BoundsFile() {}

  /** {@code base} with the listed features' bounds replaced; unknown or repeated features are errors. */
  static InputDomain apply(Path file, InputDomain base, String[] names) {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_BYTES) throw new DataException(file + ": bounds file larger than 16 MiB");
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read the bounds file");
    }
    String header = lines.isEmpty() ? "" : lines.get(0).replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    boolean typed = header.equals("feature,min,max,type");
    if (!typed && !header.equals("feature,min,max"))
      throw new DataException(file + ": line 1 must be the header feature,min,max or feature,min,max,type");
    boolean[] integer = base.integer() == null ? new boolean[base.size()] : base.integer().clone();
    double[] lo = base.lower().clone();
    double[] hi = base.upper().clone();
    List<String> feats = names == null ? List.of() : Arrays.asList(names);
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) continue;
      String[] p = line.split(",", -1);
      if (p.length != (typed ? 4 : 3)) throw new DataException(file + ": line " + (i + 1) + " needs " + (typed ? "4 values feature,min,max,type" : "3 values feature,min,max"));
      String f = p[0].trim();
      int j = feats.indexOf(f);
      if (j < 0) throw new DataException(file + ": line " + (i + 1) + ": '" + f + "' is not a feature of the data");
      if (!seen.add(f)) throw new DataException(file + ": line " + (i + 1) + ": '" + f + "' is listed twice");
      try {
        lo[j] = Double.parseDouble(p[1].trim());
        hi[j] = Double.parseDouble(p[2].trim());
      } catch (NumberFormatException e) {
        throw new DataException(file + ": line " + (i + 1) + ": min and max must be numbers");
      }
      if (!(lo[j] < hi[j])) throw new DataException(file + ": line " + (i + 1) + ": min must be below max");
      if (typed) {
        String type = p[3].trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("real", "integer", "categorical").contains(type))
          throw new DataException(file + ": line " + (i + 1) + ": type must be real, integer or categorical");
        integer[j] = !type.equals("real");
        if (integer[j] && Math.ceil(lo[j]) > Math.floor(hi[j])) throw new DataException(file + ": line " + (i + 1) + ": no integer between min and max");
      }
    }
    int integers = 0;
    for (boolean b : integer) if (b) integers++;
    String source = base.source() + "; " + seen.size() + " feature(s) from " + file.getFileName() + (integers > 0 ? ", " + integers + " integer/categorical" : "");
    return new InputDomain(lo, hi, base.mean(), base.std(), source, integers > 0 ? integer : null);
  }
}
