package io.modelvet.integrity.signing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelvet.integrity.hashing.HashAlgorithm;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.Manifest;
import io.modelvet.integrity.hashing.ResourceDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-toto Statement v1 that an OpenSSF model-signing signature carries: one subject (the model
 * name and root digest) and a predicate with the hashing {@code serialization} and the per-file
 * {@code resources}.
 *
 * @param subjectName informative model name (not compared on verification)
 * @param subjectDigest hex root digest claimed by the subject
 * @param manifest the recorded serialization and resources, in listed order
 */
public record Statement(String subjectName, String subjectDigest, Manifest manifest) {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
  /** The pre-1.0 predicate type; recognised only to explain that it is not supported. */
  static final String LEGACY_PREDICATE_TYPE = "https://model_signing/Digests/v0.1";

  /** Payloads are small JSON; anything larger than this is refused before parsing. */
  static final int MAX_PAYLOAD_BYTES = 256 << 20;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** The statement for a freshly computed manifest. */
  public static Statement of(String subjectName, Manifest manifest) {
    return new Statement(subjectName, manifest.rootDigestHex(), manifest);
  }

  /** The payload bytes in the reference tool's layout (ASCII, 2-space indented). */
  public byte[] toPayload() {
    Map<String, Object> serialization = new LinkedHashMap<>();
    HashingConfig c = manifest.config();
    serialization.put("method", c.method().id());
    serialization.put("hash_type", c.algorithm().id());
    serialization.put("allow_symlinks", c.allowSymlinks());
    serialization.put("ignore_paths", new ArrayList<>(new TreeSet<>(c.ignorePaths())));
    if (c.method() == HashingConfig.Method.SHARDS) serialization.put("shard_size", (double) c.shardSize());
    List<Object> resources = new ArrayList<>();
    for (ResourceDigest r : manifest.resources()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("algorithm", r.algorithm());
      m.put("digest", r.digest());
      resources.add(m);
    }
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("serialization", serialization);
    predicate.put("resources", resources);
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", STATEMENT_TYPE);
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("name", subjectName);
    subject.put("digest", Map.of("sha256", subjectDigest));
    statement.put("subject", List.of(subject));
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate);
    return AsciiJson.write(statement).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses a payload that has already passed signature verification. Structural problems are
   * reported as {@link SignatureFormatException} with a message naming the field.
   */
  public static Statement parse(byte[] payload) throws SignatureFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw new SignatureFormatException("the signed payload is not valid JSON (" + io.modelvet.io.IoErrors.describeSyntax(e) + ")");
    }
    if (root == null || !root.isObject()) throw new SignatureFormatException("the signed payload is not a JSON object");
    String type = text(root, "_type");
    if (!STATEMENT_TYPE.equals(type))
      throw new SignatureFormatException("expected an in-toto statement of type " + STATEMENT_TYPE + ", got " + type);
    String predicateType = text(root, "predicateType");
    if (LEGACY_PREDICATE_TYPE.equals(predicateType))
      throw new SignatureFormatException(
          "this signature uses the pre-1.0 model-signing format (" + predicateType + "), which ModelVet does not verify; re-sign the model");
    if (!PREDICATE_TYPE.equals(predicateType))
      throw new SignatureFormatException("unsupported predicate type " + predicateType + " (expected " + PREDICATE_TYPE + ")");
    JsonNode subjects = root.path("subject");
    if (!subjects.isArray() || subjects.size() != 1)
      throw new SignatureFormatException("the statement must have exactly one subject");
    JsonNode subject = subjects.get(0);
    String subjectName = subject.path("name").asText("");
    String subjectDigest = text(subject.path("digest"), "sha256");
    JsonNode predicate = root.path("predicate");
    HashingConfig config = serialization(predicate.path("serialization"));
    JsonNode resources = predicate.path("resources");
    if (!resources.isArray()) throw new SignatureFormatException("predicate.resources is missing or not a list");
    List<ResourceDigest> list = new ArrayList<>(resources.size());
    Set<String> names = new TreeSet<>();
    for (JsonNode r : resources) {
      String name = text(r, "name");
      String algorithm = text(r, "algorithm");
      String digest = text(r, "digest");
      if (!digest.matches("[0-9a-f]{2,256}") || digest.length() % 2 != 0)
        throw new SignatureFormatException("resource " + name + " has a malformed digest");
      if (!names.add(name)) throw new SignatureFormatException("resource " + name + " is listed twice");
      list.add(new ResourceDigest(name, algorithm, digest));
    }
    return new Statement(subjectName, subjectDigest, new Manifest(config, list));
  }

  private static HashingConfig serialization(JsonNode s) throws SignatureFormatException {
    if (!s.isObject()) throw new SignatureFormatException("predicate.serialization is missing");
    try {
      HashingConfig.Method method = HashingConfig.Method.fromId(text(s, "method"));
      HashAlgorithm algorithm = HashAlgorithm.fromId(text(s, "hash_type"));
      long shardSize = 0;
      if (method == HashingConfig.Method.SHARDS) {
        JsonNode n = s.path("shard_size");
        // Recorded as a JSON float (256.0); accept any integral positive number.
        if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble()) || n.asDouble() < 1 || n.asDouble() > 1e15)
          throw new SignatureFormatException("serialization.shard_size must be a positive whole number, got " + n);
        shardSize = (long) n.asDouble();
      }
      boolean allowSymlinks = s.path("allow_symlinks").asBoolean(false);
      Set<String> ignore = new TreeSet<>();
      for (JsonNode p : s.path("ignore_paths")) ignore.add(p.asText());
      return new HashingConfig(method, algorithm, shardSize, allowSymlinks, ignore);
    } catch (IllegalArgumentException e) {
      throw new SignatureFormatException("signature serialization: " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) throws SignatureFormatException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) throw new SignatureFormatException("missing or non-text field '" + field + "'");
    return v.asText();
  }
}
