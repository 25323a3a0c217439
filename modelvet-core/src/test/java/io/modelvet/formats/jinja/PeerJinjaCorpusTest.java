package io.modelvet.formats.jinja;

import io.modelvet.formats.common.jinja.TemplateAnalysis;
import io.modelvet.formats.common.jinja.TemplateIssue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.testutil.Scans;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The labelled Jinja samples of the peer corpus (modelaudit): every template a sample carries
 * (JSON or YAML string values, or the whole file for standalone templates) is analysed; samples
 * labelled malicious must reach MEDIUM, benign ones must stay below it.
 */
class PeerJinjaCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void labelledSamplesAreClassifiedAsLabelled() throws IOException {
    Path corpus = SharedCorpus.peers();
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (String line : Files.readAllLines(corpus.resolve("manifest.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      String path = e.path("path").asText();
      String label = e.path("label").asText();
      if (!path.contains("/samples/jinja2/") || label.equals("unknown")) continue;
      Path file = corpus.resolve(path);
      if (!Files.isRegularFile(file)) continue;
      Severity worst = worst(file);
      boolean ok = label.equals("malicious") ? worst.atLeast(Severity.MEDIUM) : !worst.atLeast(Severity.MEDIUM);
      if (!ok) wrong.add(path + " (" + label + ") -> " + worst);
      checked++;
    }
    assertThat(wrong).isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(30);
  }

  private static Severity worst(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
      JsonNode root = name.endsWith(".json") ? JSON.readTree(file.toFile()) : new YAMLMapper().readTree(file.toFile());
      List<String> templates = new ArrayList<>();
      collect(root, templates);
      Severity w = Severity.INFO;
      for (String t : templates)
        for (TemplateIssue i : TemplateAnalysis.analyze(t)) w = Severity.max(w, i.severity());
      return w;
    }
    FileResult r = Scans.file(file);
    assertThat(r.format()).as(name).isEqualTo("jinja");
    return Scans.worst(r);
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n == null) return;
    if (n.isTextual() && (n.asText().contains("{{") || n.asText().contains("{%"))) out.add(n.asText());
    n.forEach(c -> collect(c, out));
  }
}
