package io.modelvet.formats.orbax;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.ReviewedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads zarr array metadata (v2 {@code .zarray}, v3 {@code zarr.json}) into a {@link ZarrArray}
 * and reports what loading it would do: codecs that run Python ({@code pickle}), codec ids named
 * like Python callables, codecs only a plugin provides, and inconsistent shapes, chunks or dtypes.
 * Codec knowledge is the reviewed list {@code orbax/zarr-codecs.tsv}; the dtype names TensorStore
 * adds to NumPy's (bfloat16, float8 variants, padded int4) are {@code orbax/zarr-dtypes.tsv}.
 */
final class ZarrMetadata {
  private static final Map<String, String> CODECS = new HashMap<>();
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
  private static final Pattern V2_DTYPE = Pattern.compile("([<>|=]?)([biufcSUVmMO])(\\d*)(\\[[A-Za-z0-9]+\\])?");
  private static final Map<String, Integer> V3_TYPES = Map.ofEntries(
      Map.entry("bool", 1), Map.entry("int8", 1), Map.entry("uint8", 1), Map.entry("int16", 2), Map.entry("uint16", 2),
      Map.entry("int32", 4), Map.entry("uint32", 4), Map.entry("int64", 8), Map.entry("uint64", 8), Map.entry("float16", 2),
      Map.entry("bfloat16", 2), Map.entry("float32", 4), Map.entry("float64", 8), Map.entry("complex64", 8), Map.entry("complex128", 16));
  private static final Map<String, Integer> EXTENSION_TYPES = new HashMap<>();
  private static final int MAX_RANK = 64;

  static {
    for (String[] row : ReviewedData.load("/io/modelvet/orbax/zarr-codecs.tsv", 3)) CODECS.put(row[0], row[1]);
    for (String[] row : ReviewedData.load("/io/modelvet/orbax/zarr-dtypes.tsv", 3)) EXTENSION_TYPES.put(row[0], Integer.parseInt(row[1]));
  }

  private ZarrMetadata() {}

  /** "data", "code", "callable" (a dotted Python path) or "unknown" for a codec id. */
  static String kind(String id) {
    String plain = id.startsWith("numcodecs.") ? id.substring("numcodecs.".length()) : id;
    String k = CODECS.get(plain.toLowerCase(Locale.ROOT));
    if (k != null) return k;
    return DOTTED.matcher(id).matches() ? "callable" : "unknown";
  }

  /** True when the document is zarr array metadata (not a group or attributes). */
  static boolean isArray(JsonNode doc) {
    int f = doc.path("zarr_format").asInt(0);
    return (f == 2 && doc.has("shape") && doc.has("dtype")) || (f == 3 && "array".equals(doc.path("node_type").asText()));
  }

  /** Parses array metadata; null when the document is not zarr array metadata. */
  static ZarrArray parse(JsonNode doc) {
    if (!doc.isObject() || !isArray(doc)) return null;
    List<String> problems = new ArrayList<>();
    List<String> codecs = new ArrayList<>();
    long[] shape = dims(doc.path("shape"), "shape", false, problems);
    if (doc.path("zarr_format").asInt() == 2) {
      long[] chunks = dims(doc.path("chunks"), "chunks", true, problems);
      rank(shape, chunks, problems);
      int item = v2ItemSize(doc.path("dtype"), problems);
      JsonNode comp = doc.path("compressor");
      String compressor = comp.isObject() ? codecId(comp, codecs, problems) : null;
      if (!comp.isObject() && !comp.isNull() && !comp.isMissingNode()) problems.add("compressor is neither null nor a codec object");
      boolean filters = false;
      for (JsonNode f : doc.path("filters")) {
        codecId(f, codecs, problems);
        filters = true;
      }
      if (doc.has("object_codec")) codecId(doc.get("object_codec"), codecs, problems);
      String sep = doc.path("dimension_separator").asText(".");
      if (!sep.equals(".") && !sep.equals("/")) problems.add("dimension_separator \"" + sep + "\" is neither '.' nor '/'");
      return new ZarrArray(2, shape, chunks, item, doc.path("dtype").toString(), compression(compressor), filters, sep, false, codecs, problems);
    }
    JsonNode grid = doc.path("chunk_grid");
    long[] chunks = dims(grid.path("configuration").path("chunk_shape"), "chunk_shape", true, problems);
    if (!"regular".equals(grid.path("name").asText())) problems.add("chunk_grid \"" + grid.path("name").asText() + "\" is not the regular grid");
    rank(shape, chunks, problems);
    JsonNode dt = doc.path("data_type");
    String type = dt.isObject() ? dt.path("name").asText("") : dt.asText("");
    int item = v3ItemSize(type);
    JsonNode enc = doc.path("chunk_key_encoding");
    boolean v2keys = "v2".equals(enc.path("name").asText("default"));
    String sep = enc.path("configuration").path("separator").asText(v2keys ? "." : "/");
    if (!sep.equals(".") && !sep.equals("/")) problems.add("chunk key separator \"" + sep + "\" is neither '.' nor '/'");
    List<String> bytesCodecs = new ArrayList<>();
    v3Codecs(doc.path("codecs"), codecs, bytesCodecs, problems, 0);
    // array-to-array codecs (transpose) and the array-to-bytes "bytes" codec keep the size; one compressor may follow
    int plain = 0;
    while (plain < bytesCodecs.size() && (bytesCodecs.get(plain).equals("bytes") || bytesCodecs.get(plain).equals("transpose"))) plain++;
    String last = bytesCodecs.isEmpty() ? null : bytesCodecs.get(bytesCodecs.size() - 1);
    ZarrArray.Compression c = plain == bytesCodecs.size() ? ZarrArray.Compression.NONE : compression(last);
    boolean filtered = plain < bytesCodecs.size() - 1 || plain == 0;
    return new ZarrArray(3, shape, chunks, item, type, c, filtered, sep, !v2keys, codecs, problems);
  }

  /** Reports the metadata's findings on {@code ctx} at {@code offset}; {@code where} names it in messages. */
  static void report(ScanContext ctx, ZarrArray a, String where, long offset) {
    CappedReports out = new CappedReports(ctx, 10);
    for (String id : a.codecs()) {
      switch (kind(id)) {
        case "code" -> out.report("zarr.pickle-codec", offset, "The zarr array " + where + " is decoded with the '" + id + "' codec: reading any of its chunks calls pickle.loads on the chunk bytes, which runs whatever callable they name.", "codec " + id + ", dtype " + a.dtype());
        case "callable" -> out.report("zarr.callable-codec", offset, "The zarr array " + where + " names the codec '" + id + "', which is a dotted Python path rather than a codec id; a registry that resolves it imports the module and calls what it names.", "codec " + id);
        case "unknown" -> out.report("zarr.unknown-codec", offset, "The zarr array " + where + " needs the codec '" + id + "', which neither numcodecs nor zarr ships: loading it needs a third-party codec plugin.", "codec " + id);
        default -> { }
      }
    }
    if (!a.problems().isEmpty())
      out.report("zarr.malformed-metadata", offset, "The zarr array metadata " + where + " is inconsistent: " + a.problems().get(0) + ".", String.join("; ", a.problems().subList(0, Math.min(3, a.problems().size()))));
  }

  private static String codecId(JsonNode codec, List<String> codecs, List<String> problems) {
    String id = codec.path("id").asText("");
    if (!codec.isObject() || id.isEmpty()) {
      problems.add("a codec has no id");
      return null;
    }
    codecs.add(id);
    return id;
  }

  private static void v3Codecs(JsonNode list, List<String> codecs, List<String> top, List<String> problems, int depth) {
    if (!list.isArray() || list.isEmpty()) {
      problems.add("codecs is not a non-empty list");
      return;
    }
    for (JsonNode c : list) {
      String name = c.isTextual() ? c.asText() : c.path("name").asText("");
      if (name.isEmpty()) {
        problems.add("a codec has no name");
        continue;
      }
      codecs.add(name);
      if (top != null) top.add(name);
      if (name.equals("sharding_indexed") && depth < 4) {
        v3Codecs(c.path("configuration").path("codecs"), codecs, null, problems, depth + 1);
        JsonNode idx = c.path("configuration").path("index_codecs");
        if (idx.isArray()) v3Codecs(idx, codecs, null, problems, depth + 1);
      }
    }
  }

  private static ZarrArray.Compression compression(String id) {
    if (id == null) return ZarrArray.Compression.NONE;
    return switch (id.startsWith("numcodecs.") ? id.substring(10) : id) {
      case "gzip" -> ZarrArray.Compression.GZIP;
      case "zlib" -> ZarrArray.Compression.ZLIB;
      case "zstd" -> ZarrArray.Compression.ZSTD;
      case "blosc" -> ZarrArray.Compression.BLOSC;
      default -> ZarrArray.Compression.OTHER;
    };
  }

  private static long[] dims(JsonNode arr, String name, boolean positive, List<String> problems) {
    if (!arr.isArray() || arr.size() > MAX_RANK) {
      problems.add(name + " is not a list of at most " + MAX_RANK + " integers");
      return null;
    }
    long[] out = new long[arr.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = arr.get(i);
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < (positive ? 1 : 0)) {
        problems.add(name + "[" + i + "] = " + v + " is not a " + (positive ? "positive" : "non-negative") + " integer");
        return null;
      }
      out[i] = v.asLong();
    }
    return out;
  }

  private static void rank(long[] shape, long[] chunks, List<String> problems) {
    if (shape != null && chunks != null && shape.length != chunks.length)
      problems.add("shape has " + shape.length + " dimensions but the chunks have " + chunks.length);
  }

  private static int v2ItemSize(JsonNode dtype, List<String> problems) {
    if (dtype.isArray()) {
      long total = 0;
      for (JsonNode field : dtype) {
        if (!field.isArray() || field.size() < 2 || !field.get(0).isTextual()) {
          problems.add("structured dtype field " + field + " is not [name, type]");
          return -1;
        }
        int n = v2ItemSize(field.get(1), problems);
        if (n < 0) return -1;
        long count = 1;
        if (field.size() > 2) for (JsonNode d : field.get(2)) count *= Math.max(0, d.asLong());
        total += n * count;
        if (total > Integer.MAX_VALUE) return -1;
      }
      return (int) total;
    }
    Integer extension = EXTENSION_TYPES.get(dtype.asText(""));
    if (dtype.isTextual() && extension != null) return extension;
    Matcher m = V2_DTYPE.matcher(dtype.asText(""));
    if (!dtype.isTextual() || !m.matches()) {
      problems.add("dtype " + dtype + " is not a NumPy type string");
      return -1;
    }
    char kind = m.group(2).charAt(0);
    if (kind == 'O') return -1;
    if (m.group(3).isEmpty() || m.group(3).length() > 6) {
      problems.add("dtype " + dtype + " has no item size");
      return -1;
    }
    int n = Integer.parseInt(m.group(3));
    boolean ok = switch (kind) {
      case 'b' -> n == 1;
      case 'i', 'u' -> n == 1 || n == 2 || n == 4 || n == 8;
      case 'f' -> n == 2 || n == 4 || n == 8 || n == 16;
      case 'c' -> n == 8 || n == 16 || n == 32;
      case 'm', 'M' -> n == 8;
      default -> true; // S, U, V: any length
    };
    if (!ok) {
      problems.add("dtype " + dtype + " has an impossible item size");
      return -1;
    }
    return kind == 'U' ? n * 4 : n;
  }

  private static int v3ItemSize(String type) {
    Integer n = V3_TYPES.get(type);
    if (n == null) n = EXTENSION_TYPES.get(type);
    if (n != null) return n;
    if (type.matches("r[1-9][0-9]{0,5}") && Integer.parseInt(type.substring(1)) % 8 == 0) return Integer.parseInt(type.substring(1)) / 8;
    return -1;
  }
}
