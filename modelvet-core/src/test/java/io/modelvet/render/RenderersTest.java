package io.modelvet.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Location;
import io.modelvet.report.Owasp;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Suppression;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ScanReport sample() {
    Finding crit = new Finding("general.embedded-executable", Severity.CRITICAL, "A pickle calls os.system.",
        new Location("models/m.pt!/archive/data.pkl", 42, "call #1"), "os.system('echo pwned')", Owasp.ML06, null);
    Finding low = new Finding("general.extension-mismatch", Severity.LOW, "Extension lies.", Location.of("models/a b.bin"), null, Owasp.ML06,
        "severity changed by configuration: reviewed");
    Finding sup = new Finding("payload.script-markup", Severity.LOW, "Script.", Location.of("models/c.json"), "<script>", Owasp.ML06, null);
    return new ScanReport("0.1.0", Instant.parse("2026-11-29T00:00:00Z"), 12, List.of("models"), List.of(
        new FileResult("models/m.pt", "pytorch-zip", 100, Verdict.CLEAN, null, List.of(), List.of(), List.of()),
        new FileResult("models/m.pt!/archive/data.pkl", "pickle", 50, Verdict.FINDINGS, null, List.of(crit), List.of(), List.of("os.system")),
        new FileResult("models/a b.bin", "unknown", 3, Verdict.INCONCLUSIVE, "content not recognised", List.of(low), List.of(), List.of(), "/data/blobs/ab12"),
        new FileResult("models/c.json", "json", 3, Verdict.CLEAN, null, List.of(), List.of(new Suppression(sup, "suppressed: test")), List.of())));
  }

  private static String render(Renderer r, RenderOptions o) throws IOException {
    StringWriter w = new StringWriter();
    r.render(sample(), o, w);
    return w.toString();
  }

  private static List<Error> validate(InputStream schema, String doc) throws IOException {
    Schema s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
    return s.validate(JSON.readTree(doc));
  }

  @Test
  void jsonFollowsTheDocumentedSchema() throws IOException {
    String out = render(new JsonRenderer(), new RenderOptions(Severity.MEDIUM, true, false));
    try (InputStream schema = Files.newInputStream(Path.of("../docs/report.schema.json"))) {
      assertThat(validate(schema, out)).isEmpty();
    }
    JsonNode n = JSON.readTree(out);
    assertThat(n.at("/summary/exitCode").asInt()).isEqualTo(1);
    assertThat(n.at("/summary/worst").asText()).isEqualTo("CRITICAL");
    assertThat(n.at("/files/1/findings/0/evidence").asText()).isEqualTo("os.system('echo pwned')");
    assertThat(n.at("/files/1/findings/0/location/offset").asLong()).isEqualTo(42);
    assertThat(n.at("/files/3/suppressed/0/reason").asText()).contains("test");
    assertThat(n.at("/summary/scannedFiles").asInt()).isEqualTo(3);
    assertThat(n.at("/summary/archiveMembers").asInt()).isEqualTo(1);
    assertThat(n.at("/files/2/linkTarget").asText()).isEqualTo("/data/blobs/ab12");
  }

  @Test
  void nothingScannedSaysSoAndIsNotAPass() throws IOException {
    ScanReport empty = new ScanReport("0.1.0", Instant.parse("2026-11-29T00:00:00Z"), 1, List.of("models"), List.of());
    StringWriter w = new StringWriter();
    new TextRenderer().render(empty, RenderOptions.defaults(), w);
    assertThat(w.toString()).contains("No files to scan").contains("INCONCLUSIVE").doesNotContain("PASS");
    assertThat(empty.exitCode(Severity.MEDIUM)).isEqualTo(3);
  }

  @Test
  void bytesFetchedForRemoteFilesAreInTheJsonAndTheTextSummary() throws IOException {
    ScanReport remote = new ScanReport("t", Instant.EPOCH, 5, List.of("hf://org/m@c"), List.of(
        new FileResult("hf://org/m@c/model.safetensors", "safetensors", 10_000_000_000L, Verdict.CLEAN, null, List.of(), List.of(), List.of(), null, 65_536),
        new FileResult("hf://org/m@c/config.json", "hf-config", 120, Verdict.CLEAN, null, List.of(), List.of(), List.of(), null, 120)));
    StringWriter json = new StringWriter();
    new JsonRenderer().render(remote, new RenderOptions(Severity.MEDIUM, false, false), json);
    try (InputStream schema = Files.newInputStream(Path.of("../docs/report.schema.json"))) {
      assertThat(validate(schema, json.toString())).isEmpty();
    }
    JsonNode n = JSON.readTree(json.toString());
    assertThat(n.at("/files/0/bytesFetched").asLong()).isEqualTo(65_536);
    assertThat(n.at("/summary/bytesFetched").asLong()).isEqualTo(65_656);
    assertThat(JSON.readTree(render(new JsonRenderer(), new RenderOptions(Severity.MEDIUM, false, false))).at("/summary").has("bytesFetched")).isFalse();
    StringWriter text = new StringWriter();
    new TextRenderer().render(remote, new RenderOptions(Severity.MEDIUM, false, false), text);
    assertThat(text.toString()).contains("Fetched 65.7 KB for 2 remote file(s) totalling 10.0 GB.");
    assertThat(render(new TextRenderer(), new RenderOptions(Severity.MEDIUM, false, false))).doesNotContain("Fetched");
  }

  @Test
  void schemaRejectsABrokenReport() throws IOException {
    String out = render(new JsonRenderer(), RenderOptions.defaults()).replace("\"CRITICAL\"", "\"FATAL\"");
    try (InputStream schema = Files.newInputStream(Path.of("../docs/report.schema.json"))) {
      assertThat(validate(schema, out)).isNotEmpty();
    }
  }

  @Test
  void sarifValidatesAgainstSarif210() throws IOException {
    String out = render(new SarifRenderer(), RenderOptions.defaults());
    try (InputStream schema = getClass().getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
      assertThat(validate(schema, out)).isEmpty();
    }
    JsonNode run = JSON.readTree(out).at("/runs/0");
    JsonNode results = run.get("results");
    assertThat(results).hasSize(3);
    // Members point at the file the repository holds; the member path is in the message.
    assertThat(results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("models/m.pt");
    assertThat(results.get(0).at("/message/text").asText()).contains("archive/data.pkl").contains("os.system");
    assertThat(results.get(0).get("level").asText()).isEqualTo("error");
    assertThat(results.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("models/a%20b.bin");
    assertThat(results.get(2).at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText()).contains("not recognised");
    // every result's rule exists in the driver's rules (GitHub code scanning requires it)
    for (JsonNode r : results) assertThat(run.at("/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/id").asText()).isEqualTo(r.get("ruleId").asText());
  }

  @Test
  void textShowsEvidenceSummaryAndVerdict() throws IOException {
    String out = render(new TextRenderer(), new RenderOptions(Severity.MEDIUM, true, false));
    assertThat(out).contains("CRITICAL models/m.pt!/archive/data.pkl@42 (call #1) [general.embedded-executable]");
    assertThat(out).contains("evidence: os.system('echo pwned')");
    assertThat(out).contains("INCONCLUSIVE models/a b.bin");
    assertThat(out).contains("SUPPRESSED");
    assertThat(out).contains("GLOBALS  models/m.pt!/archive/data.pkl: os.system");
    assertThat(out).contains("FAIL: findings at or above MEDIUM");
    assertThat(out).contains("Scanned 3 files (1 archive member) in 12 ms");
    assertThat(out).contains("link: models/a b.bin -> /data/blobs/ab12");
    assertThat(out).doesNotContain("\u001b[");
    assertThat(render(new TextRenderer(), new RenderOptions(Severity.MEDIUM, false, true))).contains("\u001b[");
  }
}
