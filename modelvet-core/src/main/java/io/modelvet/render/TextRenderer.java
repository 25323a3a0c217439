package io.modelvet.render;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Suppression;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** Human-readable output: one line per finding with its evidence, then a summary. */
public final class TextRenderer implements Renderer {
  private static final String RESET = "\u001b[0m";

  @Override
  public void render(ScanReport report, RenderOptions o, Writer out) throws IOException {
    for (FileResult f : report.files()) {
      if (f.verdict() == Verdict.INCONCLUSIVE) {
        out.write(paint(o, "\u001b[35m", "INCONCLUSIVE") + " " + f.path() + " [" + f.format() + "]: " + f.inconclusiveReason() + "\n");
      }
      for (Finding x : f.findings()) {
        out.write(paint(o, color(x.severity()), String.format("%-8s", x.severity())) + " " + x.location() + " [" + x.ruleId() + "] " + x.message() + "\n");
        if (x.evidence() != null) out.write("         evidence: " + oneLine(x.evidence()) + "\n");
        if (x.note() != null) out.write("         note: " + x.note() + "\n");
      }
      for (Suppression s : f.suppressed()) {
        out.write(paint(o, "\u001b[2m", "SUPPRESSED") + " " + s.finding().location() + " [" + s.finding().ruleId() + " " + s.finding().severity() + "] " + s.reason() + "\n");
      }
      if (f.linkTarget() != null && (f.verdict() != Verdict.CLEAN || !f.suppressed().isEmpty())) {
        out.write("         link: " + f.path() + " -> " + f.linkTarget() + "\n");
      }
      if (o.listGlobals() && !f.globals().isEmpty()) {
        out.write("GLOBALS  " + f.path() + ": " + String.join(", ", f.globals()) + "\n");
      }
    }
    Map<Verdict, Integer> v = report.countsByVerdict();
    Map<Severity, Integer> s = report.countsBySeverity();
    if (report.nothingScanned()) {
      out.write(String.format("%nNo files to scan: the folder is empty or every file was excluded.%n"));
      out.write(paint(o, "\u001b[35;1m", "INCONCLUSIVE") + ": no files to scan; nothing was vetted\n");
      out.flush();
      return;
    }
    out.write(String.format(
        "%nScanned %s in %d ms: %d clean, %d with findings, %d inconclusive.%n",
        scannedCounts(report), report.durationMillis(), v.get(Verdict.CLEAN), v.get(Verdict.FINDINGS), v.get(Verdict.INCONCLUSIVE)));
    out.write(String.format(
        "Findings: %d critical, %d high, %d medium, %d low, %d info; %d suppressed.%n",
        s.get(Severity.CRITICAL), s.get(Severity.HIGH), s.get(Severity.MEDIUM), s.get(Severity.LOW), s.get(Severity.INFO), report.suppressedCount()));
    if (report.bytesFetched() >= 0) {
      long remote = report.files().stream().filter(f -> f.bytesFetched() >= 0).count();
      long size = report.files().stream().filter(f -> f.bytesFetched() >= 0 && f.size() > 0).mapToLong(FileResult::size).sum();
      out.write(String.format("Fetched %s for %d remote file(s) totalling %s.%n", bytes(report.bytesFetched()), remote, bytes(size)));
    }
    int code = report.exitCode(o.failOn());
    String verdict =
        switch (code) {
          case 1 -> paint(o, "\u001b[31;1m", "FAIL") + ": findings at or above " + o.failOn();
          case 3 -> paint(o, "\u001b[35;1m", "INCONCLUSIVE") + ": some files could not be fully analysed; nothing reached " + o.failOn();
          default -> paint(o, "\u001b[32;1m", "PASS") + ": nothing at or above " + o.failOn() + ", every file fully analysed";
        };
    out.write(verdict + "\n");
    out.flush();
  }

  /** "1 file (2 archive members)": files given or found on disk, and what was scanned inside them. */
  static String scannedCounts(ScanReport report) {
    int files = report.fileCount();
    int members = report.memberCount();
    String s = files + (files == 1 ? " file" : " files");
    return members == 0 ? s : s + " (" + members + (members == 1 ? " archive member)" : " archive members)");
  }

  private static String bytes(long n) {
    if (n < 10_000) return n + " bytes";
    if (n < 10_000_000) return String.format(java.util.Locale.ROOT, "%.1f KB", n / 1e3);
    if (n < 10_000_000_000L) return String.format(java.util.Locale.ROOT, "%.1f MB", n / 1e6);
    return String.format(java.util.Locale.ROOT, "%.1f GB", n / 1e9);
  }

  private static String oneLine(String s) {
    String t = s.replace("\n", "\\n").replace("\r", "\\r");
    return t.length() > 400 ? t.substring(0, 400) + "…" : t;
  }

  private static String color(Severity s) {
    return switch (s) {
      case CRITICAL -> "\u001b[41;97;1m";
      case HIGH -> "\u001b[31;1m";
      case MEDIUM -> "\u001b[33m";
      case LOW -> "\u001b[36m";
      case INFO -> "\u001b[2m";
    };
  }

  private static String paint(RenderOptions o, String code, String text) {
    return o.color() ? code + text + RESET : text;
  }
}
