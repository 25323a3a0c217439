package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.testutil.Scans;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The labelled peer samples in shared/corpus/peers (picklescan, fickling, modelscan, modelaudit):
 * every sample whose top-level content is a raw pickle, a legacy torch file or a joblib stream —
 * the files this scanner handles alone — must be at least HIGH when malicious and below MEDIUM
 * when benign. Zip, npy, 7z and other containers need other scanners and are not asserted here.
 */
class PeerCorpusTest {
  private static final Set<String> MINE = Set.of("pickle", "pytorch-legacy", "joblib", "joblib-zlib");

  /** Malicious samples that are MEDIUM by design, with the reason. */
  private static final String PRINT_ONLY = "dormant nested pickle whose payload only calls builtins.print; nothing runs when this file is loaded";
  private static final Map<String, String> MEDIUM_BY_DESIGN = Map.of(
      "modelaudit/tests/assets/samples/pickles/decode_exec_chain.pkl", PRINT_ONLY + " (the os.system text is a plain string)",
      "modelaudit/tests/assets/samples/pickles/malicious_model_realistic.pkl", PRINT_ONLY,
      "modelaudit/tests/assets/samples/pickles/nested_pickle_base64.pkl", PRINT_ONLY,
      "modelaudit/tests/assets/samples/pickles/nested_pickle_hex.pkl", PRINT_ONLY,
      "modelaudit/tests/assets/samples/pickles/nested_pickle_multistage.pkl", PRINT_ONLY,
      "modelaudit/tests/assets/samples/pickles/nested_pickle_raw.pkl", PRINT_ONLY,
      "fickling/generated/test/test_bypasses/test_frame_boundary_straddle_variants_03.pkl", "imports macos.system (an unknown function with a side-effect name) without calling it",
      "fickling/generated/test/test_bypasses/test_frame_boundary_straddle_variants_07.pkl", "only a nested FRAME (divergence between unpicklers); the content is None",
      "fickling/generated/test/test_bypasses/test_ml_allowlist_not_shadowed_by_unsafe_imports_ml.pkl", "imports ast.parse without calling it");

  /** Samples excluded from the assertions, with the reason. */
  private static final String RESERIALISED = "stored after fickling's Pickled.dumps() re-serialisation, which recomputed the frames: the file holds only plain data and no frame straddle any more";
  private static final Map<String, String> EXCLUDED = Map.of(
      "fickling/generated/test/test_bypasses/test_frame_boundary_straddle_variants_01.pkl", RESERIALISED + " (b'AAAA...')",
      "fickling/generated/test/test_bypasses/test_frame_boundary_straddle_variants_02.pkl", RESERIALISED + " ('AAAA...')",
      "fickling/generated/test/test_bypasses/test_frame_boundary_straddle_variants_05.pkl", RESERIALISED + " ('hello world')",
      "fickling/generated/test/test_bypasses/test_frame_boundary_straddle_variants_06.pkl", RESERIALISED + " (7)");

  @Test
  void pickleSamplesMatchTheirLabels() throws IOException {
    Path peers = SharedCorpus.peers();
    ObjectMapper json = new ObjectMapper();
    List<String> wrong = new ArrayList<>();
    int asserted = 0;
    for (String line : Files.readAllLines(peers.resolve("manifest.jsonl"))) {
      if (line.isBlank()) continue;
      JsonNode row = json.readTree(line);
      String path = row.get("path").asText();
      String label = row.get("label").asText();
      Path file = peers.resolve(path);
      if (!Files.isRegularFile(file) || label.equals("unknown") || EXCLUDED.containsKey(path)) continue;
      List<FileResult> r = Scans.members(file.getFileName().toString(), Files.readAllBytes(file));
      if (!MINE.contains(r.get(0).format())) continue;
      asserted++;
      Severity worst = Scans.worst(r);
      int level = worst == null ? -1 : worst.compareTo(Severity.MEDIUM);
      if (label.equals("malicious")) {
        Severity need = MEDIUM_BY_DESIGN.containsKey(path) ? Severity.MEDIUM : Severity.HIGH;
        if (worst == null || worst.compareTo(need) < 0)
          wrong.add("MISSED " + path + " worst=" + worst + "\n" + Scans.describe(r));
      } else if (label.equals("benign") && level >= 0) {
        wrong.add("FALSE POSITIVE " + path + "\n" + Scans.describe(r));
      }
    }
    assertThat(asserted).isGreaterThan(100);
    assertThat(wrong).as(String.join("\n", wrong)).isEmpty();
  }
}
