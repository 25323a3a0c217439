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

/** Reads {@code --bounds-file}: a CSV with the header {@code feature,min,max}, one feature per line. */
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
    if (lines.isEmpty() || !lines.get(0).replace(" ", "").equalsIgnoreCase("feature,min,max"))
      throw new DataException(file + ": line 1 must be the header feature,min,max");
    double[] lo = base.lower().clone();
    double[] hi = base.upper().clone();
    List<String> feats = names == null ? List.of() : Arrays.asList(names);
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) continue;
      String[] p = line.split(",", -1);
      if (p.length != 3) throw new DataException(file + ": line " + (i + 1) + " needs 3 values feature,min,max");
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
    }
    return new InputDomain(lo, hi, base.mean(), base.std(), base.source() + "; " + seen.size() + " feature(s) from " + file.getFileName());
  }
}
