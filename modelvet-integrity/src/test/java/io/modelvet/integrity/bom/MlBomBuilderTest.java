package io.modelvet.integrity.bom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Location;
import io.modelvet.report.Owasp;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlBomBuilderTest {
  @TempDir Path tmp;
  private Path model;
  private ScanReport scan;

  @BeforeEach
  void aModelWithACardAndAFinding() throws Exception {
    model = tmp.resolve("tiny-llm");
    Files.createDirectories(model.resolve("sub"));
    Files.writeString(
        model.resolve("README.md"),
        "---\nlicense: apache-2.0\ndatasets:\n  - squad\n  - glue\nbase_model: org/base-7b\npipeline_tag: text-generation\n"
            + "library_name: transformers\ntags: [llm, test]\n---\n# tiny\n");
    Files.writeString(model.resolve("config.json"), "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\"}");
    Files.write(model.resolve("sub/model.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '});
    Files.writeString(model.resolve("evil.pkl"), "abc");
    String root = model.toString();
    Finding f =
        new Finding(
            "general.embedded-executable", Severity.HIGH, "An ELF executable is embedded.", Location.of(root + "/evil.pkl"), "ELF header", Owasp.ML06, null);
    scan =
        new ScanReport(
            "test",
            Instant.now(),
            1,
            List.of(root),
            List.of(
                result(root + "/README.md", "text", List.of()),
                result(root + "/config.json", "json", List.of()),
                result(root + "/evil.pkl", "pickle", List.of(f)),
                result(root + "/sub/model.safetensors", "safetensors", List.of())));
  }

  @Test
  void jsonBomIsValidCycloneDx16AndCarriesTheModelCard() throws Exception {
    Bom bom = new MlBomBuilder(new ModelHasher(2)).build(List.of(model), scan, true);
    String json = BomWriter.write(bom, "json");
    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();

    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("specVersion").asText()).isEqualTo("1.6");
    JsonNode m = root.at("/components/0");
    assertThat(m.get("type").asText()).isEqualTo("machine-learning-model");
    assertThat(m.get("name").asText()).isEqualTo("tiny-llm");
    assertThat(m.at("/modelCard/modelParameters/task").asText()).isEqualTo("text-generation");
    assertThat(m.at("/modelCard/modelParameters/architectureFamily").asText()).isEqualTo("llama");
    assertThat(m.at("/modelCard/modelParameters/modelArchitecture").asText()).isEqualTo("LlamaForCausalLM");
    assertThat(m.at("/modelCard/modelParameters/datasets/1/name").asText()).isEqualTo("glue");
    assertThat(m.at("/licenses/0/license/name").asText()).isEqualTo("apache-2.0");
    assertThat(m.toString()).contains("org/base-7b", "\"transformers\"", "\"safetensors\"", "modelvet:model-signing-digest");
    assertThat(m.get("tags").toString()).contains("llm");

    JsonNode files = m.get("components");
    assertThat(files).hasSize(4);
    JsonNode evil = null;
    for (JsonNode f : files) if (f.get("name").asText().equals("evil.pkl")) evil = f;
    assertThat(evil.at("/hashes/0/alg").asText()).isEqualTo("SHA-256");
    assertThat(evil.at("/hashes/0/content").asText()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(evil.toString()).contains("\"pickle\"", "\"findings\"");

    JsonNode v = root.at("/vulnerabilities/0");
    assertThat(v.get("id").asText()).isEqualTo("general.embedded-executable");
    assertThat(v.at("/ratings/0/severity").asText()).isEqualTo("high");
    assertThat(v.at("/cwes/0").asInt()).isEqualTo(506);
    assertThat(v.at("/affects/0/ref").asText()).isEqualTo(evil.get("bom-ref").asText());
    assertThat(v.get("detail").asText()).isEqualTo("ELF header");
  }

  @Test
  void xmlBomIsValidCycloneDx16() throws Exception {
    String xml = BomWriter.write(new MlBomBuilder(new ModelHasher(1)).build(List.of(model), scan, true), "xml");
    assertThat(new XmlParser().validate(xml.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();
    assertThat(xml).contains("machine-learning-model");
  }

  @Test
  void theSchemaCheckRejectsABrokenBom() throws Exception {
    String json = BomWriter.write(new MlBomBuilder(new ModelHasher(1)).build(List.of(model), scan, false), "json");
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(json);
    assertThat(root.has("vulnerabilities")).isFalse();
    ((ObjectNode) root.get("components").get(0)).put("type", "not-a-type");
    assertThat(new JsonParser().validate(root.toString().getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isNotEmpty();
  }

  @Test
  void hostileModelCardsAreIgnoredNotFatal() throws Exception {
    Files.writeString(model.resolve("README.md"), "---\na: &a [*a, *a]\n: : :\n---\n");
    Files.writeString(model.resolve("config.json"), "[1, 2");
    ModelCard card = ModelCardReader.read(model);
    assertThat(card).isEqualTo(ModelCard.empty());
    String json = BomWriter.write(new MlBomBuilder(new ModelHasher(1)).build(List.of(model), scan, false), "json");
    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();
  }

  private static FileResult result(String path, String format, List<Finding> findings) {
    return new FileResult(path, format, 3, findings.isEmpty() ? Verdict.CLEAN : Verdict.FINDINGS, null, findings, List.of(), List.of());
  }
}
