package io.modelvet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.testutil.Trees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through {@link Main}: sign, verify, scan --signature/--key/--bom and bom. */
class IntegrityCommandsTest {
  private static final Path VECTORS = Path.of("../modelvet-integrity/src/test/resources/vectors").toAbsolutePath().normalize();
  private static final String PRIVATE = VECTORS.resolve("keys/ecdsa-p256.sec1.key.pem").toString();
  private static final String PUBLIC = VECTORS.resolve("keys/ecdsa-p256.pub.pem").toString();

  @TempDir Path tmp;
  private Path model;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void setUp() throws IOException {
    model = tmp.resolve("tiny-bert");
    Trees.copy(VECTORS.resolve("models/tiny-bert"), model);
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  @Test
  void signThenVerifyThenTamper() throws Exception {
    assertThat(run("sign", model.toString(), "--key", PRIVATE)).isEqualTo(0);
    assertThat(Files.exists(model.resolve("model.sig"))).isTrue();
    assertThat(run("verify", model.toString(), "--key", PUBLIC)).as(text()).isEqualTo(0);
    assertThat(text()).contains("Verification succeeded");

    Files.writeString(model.resolve("config.json"), "{\"model_type\": \"evil\"}");
    assertThat(run("verify", model.toString(), "--key", PUBLIC)).isEqualTo(1);
    assertThat(text()).contains("Verification FAILED", "file-modified", "config.json", "7f32115ef6a443b9341b8ad830c937759b4d0e3d0e4e93d82fa5bb683479fd79");

    assertThat(run("verify", model.toString(), "--key", PUBLIC, "--format", "json")).isEqualTo(1);
    assertThat(text()).contains("\"verified\" : false", "\"path\" : \"config.json\"");
  }

  @Test
  void verifyWithAnEd25519KeyFailsClearly() throws Exception {
    assertThat(run("sign", model.toString(), "--key", PRIVATE)).isEqualTo(0);
    assertThat(run("verify", model.toString(), "--key", VECTORS.resolve("keys/ed25519.pub.pem").toString())).isEqualTo(1);
    assertThat(text()).contains("Only elliptic curve keys are supported");
    assertThat(run("sign", model.toString(), "--key", VECTORS.resolve("keys/ed25519.key.pem").toString())).isEqualTo(2);
  }

  @Test
  void scanReportsAVerificationFailureAsACriticalFinding() throws Exception {
    assertThat(run("sign", model.toString(), "--key", PRIVATE)).isEqualTo(0);
    Path bom = tmp.resolve("bom.json");
    int clean = run("scan", model.toString(), "--signature", model.resolve("model.sig").toString(), "--key", PUBLIC, "-f", "json", "--bom", bom.toString());
    assertThat(text()).doesNotContain("integrity.");
    assertThat(clean).as(text()).isEqualTo(0);
    assertThat(new JsonParser().validate(Files.readAllBytes(bom), Version.VERSION_16)).isEmpty();

    Files.writeString(model.resolve("extra.py"), "print('hi')\n");
    int tampered = run("scan", model.toString(), "--key", PUBLIC, "-f", "json", "--bom", bom.toString());
    assertThat(tampered).isEqualTo(1);
    JsonNode added = null;
    for (JsonNode f : new ObjectMapper().readTree(text()).at("/files"))
      for (JsonNode x : f.path("findings")) if (x.path("ruleId").asText().equals("integrity.file-added")) added = x;
    assertThat(added).as(text()).isNotNull();
    assertThat(added.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(added.toString()).contains("extra.py");
    String bomText = Files.readString(bom);
    assertThat(bomText).contains("integrity.file-added", "\"critical\"");
    assertThat(new JsonParser().validate(bomText.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();
  }

  @Test
  void scanSignatureOptionsAreCheckedBeforeScanning() {
    assertThat(run("scan", model.toString(), "--signature", "x.sig")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--key");
  }

  @Test
  void bomCommandWritesValidJsonAndXml() throws Exception {
    assertThat(run("bom", model.toString())).isEqualTo(0);
    assertThat(new JsonParser().validate(out.toByteArray(), Version.VERSION_16)).isEmpty();
    assertThat(text()).contains("machine-learning-model", "TinyBertForSequenceClassification");
    Path xml = tmp.resolve("bom.xml");
    assertThat(run("bom", model.toString(), "--format", "xml", "--output", xml.toString())).isEqualTo(0);
    assertThat(Files.readString(xml)).contains("<bom", "machine-learning-model");
  }

  @Test
  void bomAfterSignLeavesTheSignatureOutSoDigestsAgree() throws Exception {
    assertThat(run("sign", model.toString(), "--key", PRIVATE)).isEqualTo(0);
    String signed = text().replaceAll("(?s).*root digest (sha256:[0-9a-f]+).*", "$1");
    assertThat(signed).startsWith("sha256:");
    assertThat(run("bom", model.toString())).isEqualTo(0);
    com.fasterxml.jackson.databind.JsonNode bom = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray());
    com.fasterxml.jackson.databind.JsonNode component = bom.at("/components/0");
    assertThat(component.findValuesAsText("name")).doesNotContain("model.sig");
    String digest = null;
    for (com.fasterxml.jackson.databind.JsonNode p : component.path("properties"))
      if (p.path("name").asText().equals("modelvet:model-signing-digest")) digest = p.path("value").asText();
    assertThat(digest).isEqualTo(signed);
  }

  @Test
  void aGarbageSignatureIsReportedWithoutParserInternals() throws Exception {
    Files.writeString(model.resolve("model.sig"), "garbage, not a bundle");
    assertThat(run("verify", model.toString(), "--key", PUBLIC)).isEqualTo(1);
    assertThat(text()).contains("not valid JSON").doesNotContain("Source:").doesNotContain("StreamReadFeature").doesNotContain("REDACTED");
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(args);
  }

  private String text() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }
}
