package io.modelvet.formats.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.engine.Budgets;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Bounded JSON reading for the configuration scanners: every parser gets Jackson
 * {@link StreamReadConstraints} (nesting depth, string, name and number lengths, document size)
 * derived from the {@link Budgets}, so hostile JSON fails fast instead of exhausting memory or
 * stack. Also offers a cheap look at the top-level keys of a (possibly truncated) head for sniffing.
 */
public final class JsonSupport {
  /** Deepest nesting accepted; real configs stay far below it, recursion stays shallow. */
  public static final int MAX_NESTING = 400;

  /** Largest JSON document parsed into a tree (configs are kilobytes to a few megabytes). */
  private static final long MAX_TREE_DOCUMENT = 64L << 20;

  private JsonSupport() {}

  /** A factory whose parsers enforce the budgets' limits. */
  public static JsonFactory factory(Budgets budgets, long maxDocument) {
    int maxString = (int) Math.min(Integer.MAX_VALUE, budgets.maxOperandBytes());
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxStringLength(maxString)
            .maxNameLength(Math.min(maxString, 1 << 20))
            .maxNumberLength(1000)
            .maxDocumentLength(maxDocument)
            .build();
    return JsonFactory.builder()
        .streamReadConstraints(limits)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * Parses the whole file into a tree. Files larger than the tree limit, deeper than
   * {@link #MAX_NESTING} or with duplicate keys (a parser-differential trick: Python keeps the last
   * value) fail with {@link MalformedException}.
   */
  public static JsonNode readTree(ScanContext ctx) throws IOException {
    long limit = Math.min(MAX_TREE_DOCUMENT, ctx.budgets().maxOperandBytes());
    if (ctx.source().size() > limit)
      throw new MalformedException("JSON document of " + ctx.source().size() + " bytes exceeds the " + limit + "-byte limit for configuration files");
    ObjectMapper mapper = new ObjectMapper(factory(ctx.budgets(), limit));
    try (InputStream in = ctx.source().openStream(0)) {
      JsonNode node = mapper.readTree(in);
      if (node == null) throw new MalformedException("empty JSON document");
      return node;
    } catch (IOException e) {
      if (e instanceof MalformedException) throw e;
      throw new MalformedException("invalid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Parses a JSON string held in memory (an HDF5 attribute) into a tree, with the same limits. */
  public static JsonNode readTree(Budgets budgets, String json) throws MalformedException {
    ObjectMapper mapper = new ObjectMapper(factory(budgets, MAX_TREE_DOCUMENT));
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null) throw new MalformedException("empty JSON document");
      return node;
    } catch (IOException e) {
      throw new MalformedException("invalid JSON: " + firstLine(e.getMessage()));
    }
  }

  /**
   * True when the head is UTF-8 text that starts a JSON object or array and whose first tokens
   * parse as JSON (a vocabulary line like {@code [PAD]} does not). A head cut in the middle of the
   * document still counts.
   */
  public static boolean looksLikeJson(Head head) {
    return head.derived(LOOKS_LIKE_JSON);
  }

  private static final java.util.function.Function<Head, Boolean> LOOKS_LIKE_JSON = JsonSupport::computeLooksLikeJson;
  private static final java.util.function.Function<Head, Set<String>> TOP_LEVEL_KEYS = JsonSupport::computeTopLevelKeys;
  /** Plain parsing (sniffing heads, the product's own data): thread-safe once made, and costly to make per call. */
  private static final JsonFactory PLAIN = new JsonFactory();

  private static boolean computeLooksLikeJson(Head head) {
    int i = firstSignificant(head.bytes());
    if (i < 0) return false;
    int c = head.bytes()[i];
    if ((c != '{' && c != '[') || !head.looksLikeText()) return false;
    try (JsonParser p = PLAIN.createParser(head.bytes(), i, head.length() - i)) {
      for (int n = 0; n < 64 && p.nextToken() != null; n++) {
        if (p.getParsingContext().inRoot()) return true; // a complete top-level value
      }
      return true;
    } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
      return true; // the head ends inside the document
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The keys of the top-level JSON object visible in the head (the head may cut the document; keys
   * seen before the cut are returned). Empty when the head does not start with an object. Read once
   * per head and shared by the sniffers that ask (unmodifiable).
   */
  public static Set<String> topLevelKeys(Head head) {
    return head.derived(TOP_LEVEL_KEYS);
  }

  /**
   * True when the head is a JSON object whose top level has {@code key} and at least one of
   * {@code companions}: how the sniffers of JSON manifests (TorchServe, skops, Core ML packages)
   * recognise their documents.
   */
  public static boolean hasTopLevelKeys(Head head, String key, String... companions) {
    if (!looksLikeJson(head)) return false;
    Set<String> keys = topLevelKeys(head);
    if (!keys.contains(key)) return false;
    for (String c : companions) if (keys.contains(c)) return true;
    return false;
  }

  private static Set<String> computeTopLevelKeys(Head head) {
    Set<String> keys = new LinkedHashSet<>();
    int start = firstSignificant(head.bytes());
    if (start < 0 || head.bytes()[start] != '{') return Set.of();
    try (JsonParser p = PLAIN.createParser(head.bytes(), start, head.length() - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return Set.of();
      JsonToken t;
      int guard = 0;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME && guard++ < 10_000) {
        keys.add(p.currentName());
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // A truncated or broken head: keep the keys read so far.
    }
    return java.util.Collections.unmodifiableSet(keys);
  }

  private static int firstSignificant(byte[] b) {
    int i = 0;
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) i = 3;
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
    return i < b.length ? i : -1;
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl >= 0 ? s.substring(0, nl) : s;
  }

  /**
   * Reads reviewed data kept as a JSON array of flat objects ({@code [{"rule": "...", "regex":
   * "..."}, ...]}) with the streaming parser, as field name to text. For the product's own data
   * files: no object mapper is made, which a scan that needs nothing else from Jackson's data
   * binding would otherwise pay for at start-up.
   */
  public static List<java.util.Map<String, String>> readFlatRecords(java.io.InputStream in, String what) throws IOException {
    List<java.util.Map<String, String>> out = new java.util.ArrayList<>();
    try (JsonParser p = PLAIN.createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException(what + ": not a JSON array");
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        java.util.Map<String, String> record = new java.util.LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) throw new IOException(what + ": field " + name + " is not a plain value");
          record.put(name, p.getValueAsString());
        }
        out.add(record);
      }
      if (t != JsonToken.END_ARRAY) throw new IOException(what + ": expected an object in the array");
    }
    return out;
  }
}
