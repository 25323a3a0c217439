package io.modelvet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code modelvet test} on the committed ONNX fixtures. */
class TestCommandTest {
  static final Path FIX = Path.of("..", "modelvet-dynamic", "src", "test", "resources", "fixtures");
  @TempDir Path tmp;

  static String fix(String name) {
    return FIX.resolve(name).toString();
  }

  @Test
  void tabularModelJsonFollowsTheSchema() throws Exception {
    Path out = tmp.resolve("bc.json");
    int rc = Main.run("test", fix("breast_cancer_lr.onnx"), "--data", fix("breast_cancer_test.csv"), "--target", "target",
        "--sensitive", "clinic,age_band", "--samples", "10", "--budget", "100", "--seed", "3", "-f", "json", "-o", out.toString(), "--fail-on", "CRITICAL");
    assertThat(rc).as("privacy skipped without members, nothing CRITICAL").isEqualTo(3);
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(Files.newInputStream(Path.of("..", "docs", "dynamic-report.schema.json")));
    List<Error> errors = schema.validate(report);
    assertThat(errors).isEmpty();
    assertThat(report.at("/model/outputKind").asText()).isEqualTo("probabilities");
    // model outputs as name / type / shape, never ONNX Runtime's Java toString
    assertThat(Files.readString(out)).doesNotContain("TensorInfo").doesNotContain("javaType").doesNotContain("SequenceInfo");
    assertThat(report.at("/model/outputs/0/name").asText()).isNotBlank();
    assertThat(report.at("/model/outputs").findValuesAsText("type")).contains("tensor(int64)", "sequence(map(int64, float))");
    assertThat(report.at("/model/outputs/0/shape").isArray()).isTrue();
    assertThat(report.at("/tests").size()).isEqualTo(4);
    assertThat(report.at("/tests/2/status").asText()).isEqualTo("SKIPPED");
    assertThat(report.at("/tests/3/details/attributes").size()).isEqualTo(3); // clinic, age_band, intersection
    // the same seed gives the same numbers
    Path again = tmp.resolve("bc2.json");
    Main.run("test", fix("breast_cancer_lr.onnx"), "--data", fix("breast_cancer_test.csv"), "--target", "target",
        "--sensitive", "clinic,age_band", "--samples", "10", "--budget", "100", "--seed", "3", "-f", "json", "-o", again.toString(), "--fail-on", "CRITICAL");
    JsonNode second = new ObjectMapper().readTree(again.toFile());
    assertThat(second.at("/tests/1/metrics")).isEqualTo(report.at("/tests/1/metrics"));
  }

  @Test
  void imageModelHtmlReportIsSelfContained() throws Exception {
    Path out = tmp.resolve("cnn.html");
    int rc = Main.run("test", fix("digits_cnn.onnx"), "--data", fix("digits_test.npz"), "--sensitive", "group",
        "--members", fix("general_members.npz"), "--non-members", fix("general_nonmembers.npz"), "--bounds", "0,16",
        "--epsilon", "1,4", "--samples", "8", "--budget", "100", "-f", "html", "-o", out.toString(), "--fail-on", "CRITICAL");
    assertThat(rc).isZero();
    String html = Files.readString(out);
    assertThat(html).contains("<svg", "Robust accuracy vs epsilon", "Membership ROC, log-log", "Per-group rates", "Flipped inputs");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "<script");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(Main.run("test", fix("digits_cnn.onnx"), "--data", tmp.resolve("missing.csv").toString())).isEqualTo(2);
    assertThat(Main.run("test", fix("digits_cnn.onnx"), "--data", fix("digits_test.npz"), "--tests", "speed")).isEqualTo(2);
    assertThat(Main.run("test", fix("breast_cancer_lr.onnx"), "--data", fix("digits_test.npz"), "--bounds", "0,16")).isEqualTo(2); // 64 vs 30 features
  }

  @Test
  void extraDataColumnsSuggestTargetAndSensitive() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    int rc;
    try {
      rc = Main.run("test", fix("breast_cancer_lr.onnx"), "--data", fix("breast_cancer_test.csv"), "--target", "target", "--tests", "stability");
    } finally {
      System.setErr(saved);
    }
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--target").contains("--sensitive").contains("--features").doesNotContain("Exception");
  }
}
