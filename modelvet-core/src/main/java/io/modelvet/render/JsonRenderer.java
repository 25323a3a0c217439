package io.modelvet.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Suppression;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

/** The stable JSON report, documented by {@code docs/report.schema.json}. */
public final class JsonRenderer implements Renderer {
  public static final String SCHEMA_VERSION = "1.1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  @Override
  public void render(ScanReport report, RenderOptions options, Writer out) throws IOException {
    MAPPER.writeValue(out, toTree(report, options));
    out.write('\n');
  }

  public static ObjectNode toTree(ScanReport report, RenderOptions options) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode tool = root.putObject("tool");
    tool.put("name", "modelvet");
    tool.put("version", report.toolVersion());
    root.put("startedAt", report.startedAt().toString());
    root.put("durationMs", report.durationMillis());
    ArrayNode roots = root.putArray("roots");
    report.roots().forEach(roots::add);

    ObjectNode summary = root.putObject("summary");
    summary.put("files", report.files().size());
    summary.put("scannedFiles", report.fileCount());
    summary.put("archiveMembers", report.memberCount());
    ObjectNode verdicts = summary.putObject("verdicts");
    for (Map.Entry<Verdict, Integer> e : report.countsByVerdict().entrySet())
      verdicts.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    ObjectNode bySeverity = summary.putObject("findings");
    for (Map.Entry<Severity, Integer> e : report.countsBySeverity().entrySet()) bySeverity.put(e.getKey().name(), e.getValue());
    summary.put("suppressed", report.suppressedCount());
    if (report.bytesFetched() >= 0) summary.put("bytesFetched", report.bytesFetched());
    Severity worst = report.worst();
    if (worst == null) summary.putNull("worst");
    else summary.put("worst", worst.name());
    summary.put("failOn", options.failOn().name());
    summary.put("exitCode", report.exitCode(options.failOn()));

    ArrayNode files = root.putArray("files");
    for (FileResult f : report.files()) {
      ObjectNode n = files.addObject();
      n.put("path", f.path());
      n.put("format", f.format());
      n.put("size", f.size());
      if (f.bytesFetched() >= 0) n.put("bytesFetched", f.bytesFetched());
      n.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
      if (f.inconclusiveReason() != null) n.put("inconclusiveReason", f.inconclusiveReason());
      if (f.linkTarget() != null) n.put("linkTarget", f.linkTarget());
      ArrayNode fs = n.putArray("findings");
      for (Finding x : f.findings()) fs.add(finding(x));
      ArrayNode sup = n.putArray("suppressed");
      for (Suppression s : f.suppressed()) {
        ObjectNode sn = sup.addObject();
        sn.put("reason", s.reason());
        sn.set("finding", finding(s.finding()));
      }
      if (options.listGlobals() || !f.globals().isEmpty()) {
        ArrayNode g = n.putArray("globals");
        f.globals().forEach(g::add);
      }
    }
    return root;
  }

  private static ObjectNode finding(Finding x) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("ruleId", x.ruleId());
    o.put("severity", x.severity().name());
    o.put("message", x.message());
    ObjectNode loc = o.putObject("location");
    loc.put("path", x.location().path());
    if (x.location().offset() >= 0) loc.put("offset", x.location().offset());
    if (x.location().detail() != null) loc.put("detail", x.location().detail());
    if (x.evidence() != null) o.put("evidence", x.evidence());
    else o.putNull("evidence");
    o.put("owasp", x.owasp().name());
    o.put("owaspTitle", x.owasp().title());
    if (x.note() != null) o.put("note", x.note());
    return o;
  }
}
