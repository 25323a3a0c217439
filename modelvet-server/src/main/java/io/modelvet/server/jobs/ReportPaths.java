package io.modelvet.server.jobs;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Location;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Suppression;
import java.util.List;

/** Rewrites report paths: an upload's private storage folder is replaced by nothing, so reports show the uploaded name. */
final class ReportPaths {
  private ReportPaths() {}

  static ScanReport stripPrefix(ScanReport r, String prefix) {
    List<FileResult> files = r.files().stream().map(f -> file(f, prefix)).toList();
    List<String> roots = r.roots().stream().map(p -> strip(p, prefix)).toList();
    return new ScanReport(r.toolVersion(), r.startedAt(), r.durationMillis(), roots, files);
  }

  private static FileResult file(FileResult f, String prefix) {
    return new FileResult(strip(f.path(), prefix), f.format(), f.size(), f.verdict(), f.inconclusiveReason(),
        f.findings().stream().map(x -> finding(x, prefix)).toList(),
        f.suppressed().stream().map(s -> new Suppression(finding(s.finding(), prefix), s.reason())).toList(),
        f.globals());
  }

  private static Finding finding(Finding x, String prefix) {
    Location l = x.location();
    String message = x.message().replace(prefix, "");
    String evidence = x.evidence() == null ? null : x.evidence().replace(prefix, "");
    return new Finding(x.ruleId(), x.severity(), message, new Location(strip(l.path(), prefix), l.offset(), l.detail()), evidence, x.owasp(), x.note());
  }

  private static String strip(String path, String prefix) {
    return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }
}
