package io.modelvet.formats.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelvet.engine.ScanContext;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.InputStream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Bounded YAML reading for model descriptors (MLflow {@code MLmodel}, NeMo/Hydra configs, conda
 * environments). SnakeYAML through Jackson builds plain trees only (no tags, no object
 * construction); the document size, nesting depth, alias count (billion-laughs) and code points
 * are capped, and whatever breaks a cap is malformed, never half-read.
 */
public final class YamlSupport {
  /** Largest YAML document parsed (descriptors are kilobytes). */
  public static final int MAX_DOCUMENT = 8 << 20;

  private YamlSupport() {}

  public static JsonNode readTree(ScanContext ctx) throws IOException {
    long size = ctx.source().size();
    if (size > MAX_DOCUMENT) throw new MalformedException("YAML document of " + size + " bytes exceeds the " + MAX_DOCUMENT + "-byte limit for descriptors");
    try (InputStream in = ctx.source().openStream(0)) {
      return parse(in);
    }
  }

  public static JsonNode readTree(String yaml) throws MalformedException {
    try {
      return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (MalformedException e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedException("unreadable YAML");
    }
  }

  private static JsonNode parse(InputStream in) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(JsonSupport.MAX_NESTING);
    options.setCodePointLimit(MAX_DOCUMENT);
    options.setAllowDuplicateKeys(false);
    YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
    try {
      JsonNode node = new ObjectMapper(factory).readTree(in);
      if (node == null || node.isMissingNode()) throw new MalformedException("empty YAML document");
      return node;
    } catch (MalformedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? "unreadable" : e.getMessage();
      int nl = m.indexOf('\n');
      throw new MalformedException("invalid YAML: " + (nl >= 0 ? m.substring(0, nl) : m));
    }
  }

  /** A text field of a YAML/JSON object, or null. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isValueNode() ? v.asText() : null;
  }
}
