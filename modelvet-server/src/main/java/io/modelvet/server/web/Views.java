package io.modelvet.server.web;

import io.modelvet.server.history.ScanDiff;
import io.modelvet.server.jobs.Job;
import java.util.List;
import java.util.Map;

/** The data each template shows; built by {@link WebRoutes}, rendered by the jte templates. */
public final class Views {
  private Views() {}

  /** A query-parameter value, URL-encoded (the template then escapes it for the attribute). */
  public static String q(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A time as {@code YYYY-MM-DD HH:MM:SS} UTC. */
  public static String time(Long millis) {
    return millis == null ? "" : java.time.Instant.ofEpochMilli(millis).toString().substring(0, 19).replace('T', ' ');
  }

  public record Login(Page page, String message) {}

  public record ErrorView(Page page, int status, String message) {}

  public record Dashboard(Page page, List<Job> recent, Map<String, Integer> verdicts, Chart chart, List<String[]> models) {}

  /** The upload page; {@code remote}: the server scans hub repositories and URLs, so the page offers that form too. */
  public record Upload(Page page, long maxUploadMb, boolean remote) {}

  /** A test family the dynamic-test form offers. */
  public record Family(String id, String title) {}

  /** The families a service job runs by default (the others need settings the form does not take). */
  public static final List<Family> TEST_FAMILIES = List.of(new Family("stability", "Stability"), new Family("robustness", "Robustness (adversarial inputs)"),
      new Family("privacy", "Privacy (membership inference)"), new Family("fairness", "Fairness (needs sensitive columns)"));

  public record TestForm(Page page, long maxUploadMb, List<Family> families) {}

  /** One scan (or test) page; for scans, findings grouped by file after the filters. */
  public record Scan(Page page, Job job, List<FileGroup> files, List<String> severities, List<String> rules,
      String severity, String rule, int total, int shown, boolean isTest, String signature, List<Job> history) {}

  public record FileGroup(String path, String format, String verdict, String reason, List<FindingRow> findings) {}

  public record FindingRow(String anchor, String ruleId, String severity, String message, String location, String evidence, String owasp) {
    public String severityClass() {
      return "sev-" + severity.toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record Model(Page page, String model, List<Job> scans) {}

  public record Diff(Page page, Job a, Job b, ScanDiff diff) {}

  /** The findings-over-time chart: one bar per day; coordinates precomputed for inline SVG. */
  public record Chart(int width, int height, List<Bar> bars, int max, String summary) {}

  public record Bar(int x, int y, int w, int h, String day, long findings, long scans) {}
}
