package io.modelvet.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the listed files into partitions of about equal cost, so that one huge file does not
 * stall a task behind many others: files are placed largest first, each into the partition with
 * the least cost so far (longest-processing-time-first scheduling, within 4/3 of optimal). A
 * file's cost is a fixed per-file overhead plus its size in units of {@link #BYTES_PER_UNIT}:
 * scanners read headers and code, not tensor data, so size matters far less than file count.
 * A file is never split, so archive members always stay with their file.
 */
final class SizeBalancedPartitions {
  /** How many bytes of file weigh as much as the fixed cost of opening and dispatching one file. */
  static final long BYTES_PER_UNIT = 64L << 20;

  private SizeBalancedPartitions() {}

  static double cost(InputFile f) {
    return 1.0 + (double) Math.max(0, f.size()) / BYTES_PER_UNIT;
  }

  static List<List<InputFile>> split(List<InputFile> files, int partitions) {
    int n = Math.max(1, Math.min(partitions, files.size()));
    List<List<InputFile>> out = new ArrayList<>(n);
    double[] load = new double[n];
    for (int i = 0; i < n; i++) out.add(new ArrayList<>());
    List<InputFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingLong(InputFile::size).reversed().thenComparing(InputFile::path));
    for (InputFile f : sorted) {
      int best = 0;
      for (int i = 1; i < n; i++) if (load[i] < load[best]) best = i;
      out.get(best).add(f);
      load[best] += cost(f);
    }
    return out;
  }
}
