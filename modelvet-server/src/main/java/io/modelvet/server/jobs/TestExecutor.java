package io.modelvet.server.jobs;

import io.modelvet.dynamic.DynamicTester;
import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.report.DynamicReport;
import io.modelvet.dynamic.report.HtmlReportWriter;
import io.modelvet.dynamic.report.JsonReportWriter;
import io.modelvet.dynamic.robustness.Norm;
import io.modelvet.report.Severity;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one dynamic test job (an ONNX classifier and an evaluation CSV) on ONNX Runtime through
 * modelvet-dynamic, with a service-sized budget, and keeps its JSON and HTML reports.
 */
public final class TestExecutor {
  /** Query budget and attacked points per job: enough for a signal, bounded for a shared service. */
  private static final int BUDGET = 200;
  private static final int SAMPLES = 20;

  public JobResult run(JobRequest req) throws Exception {
    Set<String> families = new LinkedHashSet<>();
    for (String t : req.tests()) families.add(t.trim().toLowerCase(Locale.ROOT));
    if (families.isEmpty()) families.addAll(List.of("stability", "robustness", "privacy", "fairness"));
    Dataset loaded = DataLoader.load(Path.of(req.data()), new DataSpec(req.target(), req.sensitive(), null));
    // reports name what the user uploaded, never where the server keeps it
    Dataset ds = new Dataset(loaded.x(), loaded.y(), loaded.featureNames(), loaded.sensitive(), "uploaded evaluation data (CSV)");
    TestConfig cfg = new TestConfig(families, Norm.LINF, List.of(), BUDGET, SAMPLES, 0, 1, 200, new Thresholds());
    DynamicReport run = new DynamicTester(cfg, Progress.NONE).run(Path.of(req.path()), InputDomain.fromData(ds.x()), ds, null, null);
    Map<String, Object> model = new LinkedHashMap<>(run.model());
    model.put("path", req.name());
    DynamicReport report = new DynamicReport(run.schemaVersion(), run.tool(), model, run.data(), run.domain(), run.seed(), run.tests(), run.totalQueries(), run.seconds());
    StringWriter json = new StringWriter();
    JsonReportWriter.write(report, json);
    StringWriter html = new StringWriter();
    HtmlReportWriter.write(report, html);
    Severity worst = report.worstSeverity();
    String verdict = ScanExecutor.verdictOf(report.exitCode(Severity.MEDIUM));
    return new JobResult(verdict, worst == null ? null : worst.name(), (int) report.tests().stream().mapToLong(t -> t.findings().size()).sum(), null, 0, json.toString(), null, null, html.toString(), null);
  }

  /** The families a request may name, comma-separated. */
  public static String families() {
    return String.join(", ", new java.util.TreeSet<>(TestConfig.ALL));
  }

  /** Whether a request may name this family. */
  public static boolean knownFamily(String name) {
    return TestConfig.ALL.contains(name.trim().toLowerCase(Locale.ROOT));
  }
}
