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
    // issue 9 item 12: default epsilons are per feature on this 0.001-to-2944 data, and the report says so
    assertThat(report.at("/tests/1/details/epsilonScale").asText()).isEqualTo("per-feature range");
    assertThat(report.at("/tests/1/parameters/epsilonScale").asText()).isEqualTo("per-feature range");
    assertThat(report.at("/tests/1/parameters/featureRanges").size()).isEqualTo(report.at("/data/features").asInt());
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
    assertThat(html).contains("Epsilon and distances in data units").contains("epsilon (L-inf, data units)");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "<script");
  }

  /** Issue 10: the three new families end to end on the digits backdoor fixture, schema-valid JSON and HTML sections. */
  @Test
  void backdoorInversionExtractionRunEndToEnd() throws Exception {
    Path json = tmp.resolve("bd.json");
    String[] common = {"test", fix("round2/bd_poison_s0.onnx"), "--data", fix("round2/bd_data.npz"), "--bounds", "0,16",
        "--tests", "backdoor,inversion,extraction", "--budget", "200", "--extraction-budget", "1000", "--fail-on", "CRITICAL"};
    int rc = Main.run(concat(common, "-f", "json", "-o", json.toString()));
    assertThat(rc).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(Files.newInputStream(Path.of("..", "docs", "dynamic-report.schema.json")));
    assertThat(schema.validate(report)).isEmpty();
    assertThat(report.at("/tests/0/test").asText()).isEqualTo("backdoor");
    assertThat(report.at("/tests/0/details/suspectedTarget").asInt()).isEqualTo(0);
    assertThat(report.at("/tests/0/findings/0/id").asText()).isEqualTo("backdoor.trigger-outlier");
    assertThat(report.at("/tests/0/findings/0/severity").asText()).isEqualTo("HIGH");
    assertThat(report.at("/tests/1/details/reconstructions").size()).isEqualTo(10);
    assertThat(report.at("/tests/2/details/curve").size()).isEqualTo(3); // 100, 300, 1000
    for (int i = 0; i < 3; i++) assertThat(report.at("/tests/" + i + "/metrics/queries").asLong()).isPositive();
    Path html = tmp.resolve("bd.html");
    assertThat(Main.run(concat(common, "-f", "html", "-o", html.toString()))).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("Minimal triggers", "Class representatives", "Surrogate vs victim queries", "Model queries spent by this test");
    assertThat(page.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "<script");
  }

  @Test
  void attributeInferenceWithBoundsFile() throws Exception {
    Path bounds = tmp.resolve("bounds.csv");
    Files.writeString(bounds, "feature,min,max,type\na,-4,4,real\nc,-4,4,real\ns,0,1,categorical\n");
    Path json = tmp.resolve("attr.json");
    int rc = Main.run("test", fix("round2/attr_with.onnx"), "--data", fix("round2/attr.csv"), "--target", "target", "--tests", "inversion",
        "--infer", "s", "--bounds-file", bounds.toString(), "-f", "json", "-o", json.toString(), "--fail-on", "HIGH");
    assertThat(rc).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/domain/source").asText()).contains("3 feature(s) from bounds.csv, 1 integer/categorical");
    assertThat(report.at("/tests/0/findings/0/id").asText()).isEqualTo("inversion.attribute-inference");
    assertThat(report.at("/tests/0/metrics/advantage").asDouble()).isGreaterThan(0.1);
    Files.writeString(bounds, "feature,min,max,type\ns,0,1,colour\n");
    assertThat(Main.run("test", fix("round2/attr_with.onnx"), "--data", fix("round2/attr.csv"), "--target", "target", "--tests", "inversion",
        "--infer", "s", "--bounds-file", bounds.toString())).isEqualTo(2);
    Files.writeString(bounds, "feature,min,max\nnope,0,1\n");
    assertThat(Main.run("test", fix("round2/attr_with.onnx"), "--data", fix("round2/attr.csv"), "--target", "target", "--tests", "inversion",
        "--infer", "s", "--bounds-file", bounds.toString())).isEqualTo(2);
  }

  /** Issue 10 item 6: a model with inputs num (float), cat (int64 codes) and a constant mask, fed through --inputs-map. */
  @Test
  void multiInputModelRunsThroughTheInputsMap() throws Exception {
    Path json = tmp.resolve("multi.json");
    int rc = Main.run("test", fix("multi/two_input.onnx"), "--data", fix("multi/test.csv"), "--target", "target",
        "--inputs-map", fix("multi/inputs.csv"), "--members", fix("multi/train.csv"), "--non-members", fix("multi/test.csv"),
        "--tests", "robustness,privacy", "--samples", "20", "--budget", "100",
        "-f", "json", "-o", json.toString(), "--fail-on", "CRITICAL");
    assertThat(rc).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(Files.newInputStream(Path.of("..", "docs", "dynamic-report.schema.json")));
    assertThat(schema.validate(report)).isEmpty();
    assertThat(report.at("/model/sampleShape/0").asInt()).isEqualTo(8);
    assertThat(report.at("/domain/source").asText()).endsWith("; 2 feature(s) feed integer inputs"); // the int64 band codes
    assertThat(report.at("/tests/0/test").asText()).isEqualTo("robustness");
    assertThat(report.at("/tests/0/metrics/cleanAccuracy").asDouble()).isGreaterThan(0.8);
    assertThat(report.at("/tests/0/metrics/attackedPoints").asInt()).isPositive();
    assertThat(report.at("/tests/1/test").asText()).isEqualTo("privacy");
    assertThat(report.at("/tests/1/metrics/memberAccuracy").asDouble()).isEqualTo(1.0); // the generator's train accuracy
    assertThat(report.at("/tests/1/metrics/auc").isNumber()).isTrue();
  }

  @Test
  void inputsMapErrorsAreOneLine() throws Exception {
    Path map = tmp.resolve("map.csv");
    Files.writeString(map, "input,columns\nnum,radius;texture;smoothness;compactness;concavity;symmetry\ncat,area_band;smooth_band\nmask,=1\nextra,=0\n");
    String[] base = {"test", fix("multi/two_input.onnx"), "--data", fix("multi/test.csv"), "--target", "target", "--tests", "stability"};
    assertThat(stderrOf(concat(base, "--inputs-map", map.toString())))
        .isEqualTo("modelvet: the inputs map names 'extra', which is not an input of the model (inputs: num, cat, mask)");
    Files.writeString(map, "input,columns\nnum,radius;texture;smoothness;compactness;concavity;girth\ncat,area_band;smooth_band\nmask,=1\n");
    assertThat(stderrOf(concat(base, "--inputs-map", map.toString())))
        .startsWith("modelvet: ").contains("test.csv: no feature column 'girth' (columns: radius, texture,");
    assertThat(stderrOf(base))
        .isEqualTo("modelvet: the model has 3 inputs (num, cat, mask); name the data columns that feed each in an inputs map (--inputs-map FILE)");
  }

  /** Runs the CLI expecting exit code 2 and returns its stderr, which must be one line. */
  private static String stderrOf(String... args) {
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args)).isEqualTo(2);
    } finally {
      System.setErr(old);
    }
    String err = buf.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
    assertThat(err).doesNotContain("\n", "Exception", "io.modelvet", "\tat ");
    return err;
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
