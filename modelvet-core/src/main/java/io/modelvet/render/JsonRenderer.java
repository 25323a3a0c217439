package io.modelvet.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
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

/**
 * The stable JSON report, documented by {@code docs/report.schema.json}. Written as a stream
 * (Jackson's generator, no object tree): a report of many thousand files costs no more memory than
 * one file's entry, and a short scan does not load Jackson's data binding.
 */
public final class JsonRenderer implements Renderer {
  public static final String SCHEMA_VERSION = "1.1";
  private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  @Override
  public void render(ScanReport report, RenderOptions options, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      write(report, options, g);
    }
    out.write('\n');
  }

  private static void write(ScanReport report, RenderOptions options, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("schemaVersion", SCHEMA_VERSION);
    g.writeObjectFieldStart("tool");
    g.writeStringField("name", "modelvet");
    g.writeStringField("version", report.toolVersion());
    g.writeEndObject();
    g.writeStringField("startedAt", report.startedAt().toString());
    g.writeNumberField("durationMs", report.durationMillis());
    g.writeArrayFieldStart("roots");
    for (String r : report.roots()) g.writeString(r);
    g.writeEndArray();

    g.writeObjectFieldStart("summary");
    g.writeNumberField("files", report.files().size());
    g.writeNumberField("scannedFiles", report.fileCount());
    g.writeNumberField("archiveMembers", report.memberCount());
    g.writeObjectFieldStart("verdicts");
    for (Map.Entry<Verdict, Integer> e : report.countsByVerdict().entrySet())
      g.writeNumberField(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    g.writeEndObject();
    g.writeObjectFieldStart("findings");
    for (Map.Entry<Severity, Integer> e : report.countsBySeverity().entrySet()) g.writeNumberField(e.getKey().name(), e.getValue());
    g.writeEndObject();
    g.writeNumberField("suppressed", report.suppressedCount());
    if (report.bytesFetched() >= 0) g.writeNumberField("bytesFetched", report.bytesFetched());
    Severity worst = report.worst();
    if (worst == null) g.writeNullField("worst");
    else g.writeStringField("worst", worst.name());
    g.writeStringField("failOn", options.failOn().name());
    g.writeNumberField("exitCode", report.exitCode(options.failOn()));
    g.writeEndObject();

    g.writeArrayFieldStart("files");
    for (FileResult f : report.files()) {
      g.writeStartObject();
      g.writeStringField("path", f.path());
      g.writeStringField("format", f.format());
      g.writeNumberField("size", f.size());
      if (f.bytesFetched() >= 0) g.writeNumberField("bytesFetched", f.bytesFetched());
      g.writeStringField("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
      if (f.inconclusiveReason() != null) g.writeStringField("inconclusiveReason", f.inconclusiveReason());
      if (f.linkTarget() != null) g.writeStringField("linkTarget", f.linkTarget());
      g.writeArrayFieldStart("findings");
      for (Finding x : f.findings()) finding(x, g);
      g.writeEndArray();
      g.writeArrayFieldStart("suppressed");
      for (Suppression s : f.suppressed()) {
        g.writeStartObject();
        g.writeStringField("reason", s.reason());
        g.writeFieldName("finding");
        finding(s.finding(), g);
        g.writeEndObject();
      }
      g.writeEndArray();
      if (options.listGlobals() || !f.globals().isEmpty()) {
        g.writeArrayFieldStart("globals");
        for (String name : f.globals()) g.writeString(name);
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void finding(Finding x, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", x.ruleId());
    g.writeStringField("severity", x.severity().name());
    g.writeStringField("message", x.message());
    g.writeObjectFieldStart("location");
    g.writeStringField("path", x.location().path());
    if (x.location().offset() >= 0) g.writeNumberField("offset", x.location().offset());
    if (x.location().detail() != null) g.writeStringField("detail", x.location().detail());
    g.writeEndObject();
    if (x.evidence() != null) g.writeStringField("evidence", x.evidence());
    else g.writeNullField("evidence");
    g.writeStringField("owasp", x.owasp().name());
    g.writeStringField("owaspTitle", x.owasp().title());
    if (x.note() != null) g.writeStringField("note", x.note());
    g.writeEndObject();
  }
}
