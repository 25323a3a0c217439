package io.modelvet.report;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one scan produced. Renderers turn this into text, JSON, SARIF or HTML; they never
 * change a decision made here.
 */
public record ScanReport(
    String toolVersion, Instant startedAt, long durationMillis, List<String> roots, List<FileResult> files) {

  public ScanReport {
    roots = List.copyOf(roots);
    files = List.copyOf(files);
  }

  /** This report followed by {@code other}'s roots and files (durations add up). */
  public ScanReport plus(ScanReport other) {
    List<String> r = new java.util.ArrayList<>(roots);
    r.addAll(other.roots);
    List<FileResult> f = new java.util.ArrayList<>(files);
    f.addAll(other.files);
    return new ScanReport(toolVersion, startedAt, durationMillis + other.durationMillis, r, f);
  }

  public Map<Severity, Integer> countsBySeverity() {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) counts.put(s, 0);
    for (FileResult f : files) for (Finding x : f.findings()) counts.merge(x.severity(), 1, Integer::sum);
    return counts;
  }

  public Map<Verdict, Integer> countsByVerdict() {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) counts.put(v, 0);
    for (FileResult f : files) counts.merge(f.verdict(), 1, Integer::sum);
    return counts;
  }

  /** Files scanned (top-level entries: files on disk, the stream, the model-level integrity result). */
  public int fileCount() {
    return (int) files.stream().filter(f -> !f.isMember()).count();
  }

  /** Archive members and nested payloads scanned inside the files. */
  public int memberCount() {
    return files.size() - fileCount();
  }

  /** True when nothing was scanned at all (an empty folder, or every file excluded). */
  public boolean nothingScanned() {
    return files.isEmpty();
  }

  public int suppressedCount() {
    return files.stream().mapToInt(f -> f.suppressed().size()).sum();
  }

  /** The most severe finding anywhere, or null. */
  public Severity worst() {
    Severity w = null;
    for (FileResult f : files) w = Severity.max(w, f.worst());
    return w;
  }

  /** Bytes downloaded for remote files in total, or -1 when nothing was fetched over the network. */
  public long bytesFetched() {
    long total = -1;
    for (FileResult f : files) if (f.bytesFetched() >= 0) total = Math.max(total, 0) + f.bytesFetched();
    return total;
  }

  public boolean anyInconclusive() {
    return files.stream().anyMatch(f -> f.verdict() == Verdict.INCONCLUSIVE);
  }

  /**
   * Exit status for CI gating: 0 nothing at or above {@code failOn} and everything fully scanned;
   * 1 findings at or above the threshold; 3 something inconclusive and nothing reached the
   * threshold, or nothing was scanned at all (nothing scanned is never a pass).
   */
  public int exitCode(Severity failOn) {
    Severity w = worst();
    if (w != null && w.atLeast(failOn)) return 1;
    if (anyInconclusive() || nothingScanned()) return 3;
    return 0;
  }
}
