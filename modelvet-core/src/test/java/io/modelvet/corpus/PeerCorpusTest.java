package io.modelvet.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.ModelVet;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans the labelled peer corpus ({@code shared/corpus/peers}) and checks every manifest label:
 * malicious samples at MEDIUM or above, benign samples below MEDIUM. Samples whose label we
 * believe is wrong are listed with the reason in {@code corpus/label-exceptions.tsv}. Skips when
 * the corpus is absent.
 */
class PeerCorpusTest {
  private static Path corpus;
  private static ScanReport report;
  private static final Map<String, Severity> worst = new HashMap<>();
  private static final Map<String, String> exceptions = new HashMap<>();

  @BeforeAll
  static void scan() throws IOException {
    corpus = SharedCorpus.peers();
    report = ModelVet.scanner().scan(corpus);
    String prefix = corpus.toString() + "/";
    for (FileResult f : report.files()) {
      String rel = f.path().startsWith(prefix) ? f.path().substring(prefix.length()) : f.path();
      int bang = rel.indexOf("!/");
      if (bang >= 0) rel = rel.substring(0, bang);
      // INFO stands for "scanned, nothing at LOW or above" too: only MEDIUM+ matters here.
      worst.merge(rel, f.worst() == null ? Severity.INFO : f.worst(), Severity::max);
    }
    try (InputStream in = PeerCorpusTest.class.getResourceAsStream("/corpus/label-exceptions.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] cols = line.split("\t");
        exceptions.put(cols[0], cols[1]);
      }
    }
  }

  private static Severity worstUnder(String path) {
    Severity w = null;
    boolean seen = false;
    for (Map.Entry<String, Severity> e : worst.entrySet()) {
      if (e.getKey().equals(path) || e.getKey().startsWith(path + "/")) {
        seen = true;
        w = Severity.max(w, e.getValue());
      }
    }
    return seen ? w : null;
  }

  private static List<JsonNode> manifest() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(corpus.resolve("manifest.jsonl"))) if (!line.isBlank()) out.add(json.readTree(line));
    return out;
  }

  @Test
  void everyMaliciousSampleIsFlaggedAtMediumOrAbove() throws IOException {
    List<String> misses = new ArrayList<>();
    for (JsonNode e : manifest()) {
      String path = e.get("path").asText();
      if (!e.get("label").asText().equals("malicious") || exceptions.containsKey(path)) continue;
      Severity w = worstUnder(path);
      if (w == null || !w.atLeast(Severity.MEDIUM)) misses.add(path + " (worst " + w + ")");
    }
    assertThat(misses).as("malicious samples not flagged at MEDIUM+").isEmpty();
  }

  @Test
  void noBenignSampleIsFlaggedAtMediumOrAbove() throws IOException {
    List<String> falseAlarms = new ArrayList<>();
    for (JsonNode e : manifest()) {
      String path = e.get("path").asText();
      if (!e.get("label").asText().equals("benign") || exceptions.containsKey(path)) continue;
      Severity w = worstUnder(path);
      if (w != null && w.atLeast(Severity.MEDIUM)) falseAlarms.add(path + " (worst " + w + ")");
    }
    assertThat(falseAlarms).as("benign samples flagged at MEDIUM+").isEmpty();
  }

  @Test
  void everyLabelledSampleWasScanned() throws IOException {
    List<String> absent = new ArrayList<>();
    for (JsonNode e : manifest()) if (worstUnder(e.get("path").asText()) == null) absent.add(e.get("path").asText());
    assertThat(absent).isEmpty();
  }
}
