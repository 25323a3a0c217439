package io.modelvet.formats.tensorflow;

import static io.modelvet.formats.graph.GraphFixtures.fixture;
import static io.modelvet.formats.graph.GraphFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole SavedModel folders: saved_model.pb, keras_metadata.pb, fingerprint.pb and variables/. */
class TfSavedModelFolderTest {

  private static Map<String, FileResult> byName(List<FileResult> rs) {
    return rs.stream().collect(Collectors.toMap(r -> r.path().substring(r.path().lastIndexOf('/') + 1), Function.identity()));
  }

  @Test
  void everyFileOfABenignKerasSavedModelIsRecognisedAndClean() throws IOException {
    Map<String, FileResult> rs = byName(scan(fixture("tf/benign/keras_tf2")));
    assertThat(rs.keySet()).containsExactlyInAnyOrder("saved_model.pb", "keras_metadata.pb", "fingerprint.pb", "variables.index", "variables.data-00000-of-00001");
    assertThat(rs.get("saved_model.pb").format()).isEqualTo("tf-savedmodel");
    assertThat(rs.get("keras_metadata.pb").format()).isEqualTo("keras-metadata");
    assertThat(rs.get("fingerprint.pb").format()).isEqualTo("tf-fingerprint");
    assertThat(rs.get("variables.index").format()).isEqualTo("tf-checkpoint");
    assertThat(rs.get("variables.data-00000-of-00001").format()).isEqualTo("tf-checkpoint-data");
    for (FileResult r : rs.values()) assertThat(r.verdict()).as(r.path() + " " + r.inconclusiveReason() + " " + r.findings()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void kerasLambdaLayerIsHighWithItsName() throws IOException {
    FileResult r = byName(scan(fixture("tf/malicious/keras_lambda"))).get("keras_metadata.pb");
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("tf.keras-lambda-layer");
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.evidence()).contains("Lambda 'evil_lambda'").contains("module=__main__");
    });
  }

  @Test
  void checkpointIndexChecksItsShards(@TempDir Path dir) throws IOException {
    Path src = fixture("tf/benign/keras_tf2/variables");
    Files.copy(src.resolve("variables.index"), dir.resolve("variables.index"));
    // no shard at all
    Finding missing = scan(dir.resolve("variables.index")).get(0).findings().get(0);
    assertThat(missing.ruleId()).isEqualTo("tf.checkpoint-shard-missing");
    assertThat(missing.severity()).isEqualTo(Severity.LOW);
    // a shard shorter than the entries need
    Files.write(dir.resolve("variables.data-00000-of-00001"), new byte[10]);
    Finding shortShard = scan(dir.resolve("variables.index")).get(0).findings().get(0);
    assertThat(shortShard.ruleId()).isEqualTo("tf.checkpoint-entry-out-of-range");
    assertThat(shortShard.evidence()).isEqualTo("variables.data-00000-of-00001 needs 60 bytes, has 10");
  }

  @Test
  void dataShardWithoutItsIndexStaysInconclusive(@TempDir Path dir) throws IOException {
    Path shard = Files.write(dir.resolve("variables.data-00000-of-00001"), new byte[] {1, 2, 3, (byte) 0x80, 0});
    FileResult r = scan(shard).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.format()).isEqualTo("tf-checkpoint-data");
  }

  @Test
  void peerSavedModelStubsMatchTheirLabels() throws IOException {
    Path peers = SharedCorpus.peers();
    Path base = SharedCorpus.require("peers/modelaudit/tests/assets/samples/tensorflow");
    List<String> labels;
    try (Stream<String> lines = Files.lines(peers.resolve("manifest.jsonl"))) {
      labels = lines.filter(l -> l.contains("samples/tensorflow/")).toList();
    }
    assertThat(labels).anyMatch(l -> l.contains("malicious_pyfunc") && l.contains("\"label\": \"malicious\""));
    assertThat(labels).anyMatch(l -> l.contains("safe_savedmodel") && l.contains("\"label\": \"benign\""));

    FileResult bad = scan(base.resolve("malicious_pyfunc/saved_model.pb")).get(0);
    assertThat(bad.format()).isEqualTo("tf-savedmodel");
    assertThat(bad.findings()).anyMatch(f -> f.severity() == Severity.HIGH && f.message().startsWith("Op PyFunc"));
    FileResult good = scan(base.resolve("safe_savedmodel/saved_model.pb")).get(0);
    assertThat(good.format()).isEqualTo("tf-savedmodel");
    assertThat(good.verdict()).isEqualTo(Verdict.CLEAN);
  }
}
