package io.modelvet.integrity.bom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads model-card metadata from a model folder: the YAML front matter of {@code README.md} (the
 * Hugging Face model card) and {@code config.json}. Only a bounded prefix of each file is read,
 * and any parse problem just leaves the fields empty: the card is descriptive, never trusted.
 */
public final class ModelCardReader {
  /** Front matter and configs are small; larger prefixes are not read. */
  static final int MAX_BYTES = 256 * 1024;

  private static final int MAX_LIST = 100;
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelCardReader() {}

  public static ModelCard read(Path model) {
    if (!Files.isDirectory(model)) return ModelCard.empty();
    JsonNode front = frontMatter(model.resolve("README.md"));
    JsonNode config = json(model.resolve("config.json"));
    return new ModelCard(
        text(front.get("license")),
        list(front.get("datasets")),
        list(front.get("base_model")),
        text(front.get("pipeline_tag")),
        text(front.get("library_name")),
        list(front.get("tags")),
        list(config.get("architectures")),
        text(config.get("model_type")));
  }

  private static JsonNode frontMatter(Path readme) {
    String text = prefix(readme);
    if (text == null) return JSON.createObjectNode();
    String[] lines = text.split("\r?\n", -1);
    if (lines.length < 2 || !lines[0].strip().equals("---")) return JSON.createObjectNode();
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].strip().equals("---")) {
        try {
          JsonNode n = YAML.readTree(yaml.toString());
          return n != null && n.isObject() ? n : JSON.createObjectNode();
        } catch (IOException | RuntimeException e) {
          return JSON.createObjectNode();
        }
      }
      yaml.append(lines[i]).append('\n');
    }
    return JSON.createObjectNode();
  }

  private static JsonNode json(Path file) {
    String text = prefix(file);
    if (text == null) return JSON.createObjectNode();
    try {
      JsonNode n = JSON.readTree(text);
      return n != null && n.isObject() ? n : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String prefix(Path file) {
    if (!Files.isRegularFile(file)) return null;
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    if (n == null || n.isNull()) return null;
    if (n.isArray()) return n.size() == 0 ? null : text(n.get(0));
    return n.isValueNode() ? n.asText() : null;
  }

  private static List<String> list(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (n.isValueNode()) {
      out.add(n.asText());
      return out;
    }
    if (n.isArray()) for (JsonNode x : n) if (x.isValueNode() && out.size() < MAX_LIST) out.add(x.asText());
    return out;
  }
}
