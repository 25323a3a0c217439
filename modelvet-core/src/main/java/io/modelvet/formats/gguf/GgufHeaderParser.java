package io.modelvet.formats.gguf;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.jinja.TemplateAnalyzer;
import io.modelvet.io.SourceReader;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses one GGUF header and reports what is wrong with it. Layout (little-endian): magic, u32
 * version, tensor count and key/value count (u32 in v1, u64 from v2), key/value pairs (string
 * key, u32 value type, value), tensor infos (string name, u32 n_dims, dims, u32 ggml type, u64
 * offset), padding to {@code general.alignment}, tensor data. Strings are a length (u32 in v1,
 * u64 from v2) followed by UTF-8 bytes.
 */
final class GgufHeaderParser {
  private static final int T_UINT8 = 0, T_INT8 = 1, T_UINT16 = 2, T_INT16 = 3, T_UINT32 = 4, T_INT32 = 5,
      T_FLOAT32 = 6, T_BOOL = 7, T_STRING = 8, T_ARRAY = 9, T_UINT64 = 10, T_INT64 = 11, T_FLOAT64 = 12;
  private static final String CHAT_TEMPLATE = "tokenizer.chat_template";
  private static final Set<String> VOCAB_KEYS = Set.of("tokenizer.ggml.tokens", "tokenizer.ggml.merges");
  private static final int MAX_KEYS_KEPT = 1 << 20; // real files have tens; bounds the duplicate-key set
  private static final int MAX_TENSORS_KEPT = 1 << 18; // far above real models, bounds the memory of the layout check

  private final ScanContext ctx;
  private final CappedReports reports;
  private final SourceReader r;
  private final GgmlTypes g = GgmlTypes.get();
  private final long fileSize;
  private boolean v1;
  private long alignment;
  private boolean stopped;

  /** A tensor info as declared. */
  private record Tensor(String name, long[] dims, GgmlTypes.Type type, long offset, long infoPos) {}

  GgufHeaderParser(ScanContext ctx, SourceReader r) {
    this.ctx = ctx;
    this.reports = new CappedReports(ctx, 50);
    this.r = r;
    this.fileSize = ctx.source().size();
    this.alignment = GgmlTypes.get().defaultAlignment;
  }

  void parse() throws IOException {
    r.skip(4);
    long version = r.readU32();
    if (version < 1 || version > 3) {
      boolean bigEndian = Long.reverseBytes(version) >>> 32 >= 1 && Long.reverseBytes(version) >>> 32 <= 3;
      if (bigEndian) {
        ctx.inconclusive("big-endian GGUF (version " + (Long.reverseBytes(version) >>> 32) + ") is not analysed");
      } else {
        stop(4, "The GGUF version is " + version + "; only versions 1 to 3 exist.", "version " + version);
      }
      return;
    }
    v1 = version == 1;
    long tensorCount = v1 ? r.readU32() : r.readI64();
    long kvCount = v1 ? r.readU32() : r.readI64();
    if (tensorCount < 0 || kvCount < 0) {
      stop(8, "The header declares a tensor or metadata count above 2^63, which no file can hold.",
          "tensors " + Long.toUnsignedString(tensorCount) + ", kv " + Long.toUnsignedString(kvCount));
      return;
    }
    if (tensorCount > g.hugeTensorCount)
      huge(8, "The header declares " + tensorCount + " tensors; real models have far fewer.", "tensor_count " + tensorCount);
    if (kvCount > g.hugeKvCount)
      huge(v1 ? 12 : 16, "The header declares " + kvCount + " metadata entries; real models have tens.", "kv_count " + kvCount);
    int lenBytes = v1 ? 4 : 8;
    long minKv = lenBytes + 4L + 1;
    if (tooMany(kvCount, minKv, "metadata entries")) return;
    if (kvCount > MAX_KEYS_KEPT) {
      ctx.inconclusive("more than " + MAX_KEYS_KEPT + " metadata entries declared; metadata not analysed");
      return;
    }
    Set<String> keys = new HashSet<>();
    for (long i = 0; i < kvCount && !stopped; i++) {
      if ((i & 0x3ff) == 0) ctx.checkDeadline();
      keyValue(keys);
    }
    if (stopped) return;
    long minTensor = lenBytes + 4L + 4 + 8;
    if (tooMany(tensorCount, minTensor, "tensor infos")) return;
    if (tensorCount > MAX_TENSORS_KEPT) {
      ctx.inconclusive("more than " + MAX_TENSORS_KEPT + " tensors declared; tensor layout not checked");
      return;
    }
    List<Tensor> tensors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (long i = 0; i < tensorCount && !stopped; i++) {
      if ((i & 0x3ff) == 0) ctx.checkDeadline();
      Tensor t = tensorInfo(names);
      if (t != null) tensors.add(t);
    }
    if (stopped) return;
    checkData(tensors);
  }

  private void keyValue(Set<String> keys) throws IOException {
    long pos = r.position();
    String key = string(g.maxKeyBytes, "metadata key");
    if (key == null) return;
    if (!keys.add(key)) {
      reports.report("gguf.malformed-header", pos,
          "Metadata key '" + key + "' appears twice; loaders keep different copies, so tools can disagree about the model (llama.cpp rejects it).",
          key);
    }
    long type = r.readU32();
    if (key.equals("general.alignment")) {
      alignment(pos, type);
      return;
    }
    value(key, type, 0, pos);
  }

  private void alignment(long pos, long type) throws IOException {
    if (type != T_UINT32) {
      stop(pos, "general.alignment has value type " + type + " instead of uint32.", "general.alignment type " + type);
      return;
    }
    long a = r.readU32();
    if (a == 0 || Long.bitCount(a) != 1) {
      reports.report("gguf.malformed-header", pos,
          "general.alignment is " + a + ", not a power of two; tensor offsets cannot be aligned to it and loaders reject the file.",
          "general.alignment = " + a);
    } else {
      alignment = a;
    }
  }

  /** Reads (or skips) one value of {@code type}; nested arrays recurse up to the nesting limit. */
  private void value(String key, long type, int depth, long pos) throws IOException {
    int fixed = fixedSize(type);
    if (fixed > 0) {
      r.skip(fixed);
      return;
    }
    if (type == T_STRING) {
      stringValue(key, r.position());
      return;
    }
    if (type != T_ARRAY) {
      stop(pos, "Metadata '" + key + "' has unknown value type " + type + "; the rest of the header cannot be read.", key + " type " + type);
      return;
    }
    if (depth + 1 > g.maxArrayNesting) {
      stop(pos, "Metadata '" + key + "' nests arrays deeper than " + g.maxArrayNesting + " levels, a parser stack-exhaustion pattern.", key);
      return;
    }
    long elemType = r.readU32();
    long count = v1 ? r.readU32() : r.readI64();
    if (count < 0) {
      stop(pos, "Metadata array '" + key + "' declares more than 2^63 elements.", key + " count " + Long.toUnsignedString(count));
      return;
    }
    if (count > g.hugeArrayLength)
      huge(pos, "Metadata array '" + key + "' declares " + count + " elements; real vocabularies hold a few hundred thousand.", key + " length " + count);
    int elemFixed = fixedSize(elemType);
    long minElem = elemFixed > 0 ? elemFixed : elemType == T_STRING ? (v1 ? 4 : 8) : elemType == T_ARRAY ? (v1 ? 8 : 12) : -1;
    if (minElem < 0) {
      stop(pos, "Metadata array '" + key + "' has unknown element type " + elemType + ".", key + " element type " + elemType);
      return;
    }
    if (tooMany(count, minElem, "elements of '" + key + "'")) return;
    if (elemFixed > 0) {
      r.skip(count * elemFixed); // count * size <= remaining, checked above
      return;
    }
    boolean check = !VOCAB_KEYS.contains(key);
    for (long i = 0; i < count && !stopped; i++) {
      if ((i & 0xfff) == 0) ctx.checkDeadline();
      if (elemType == T_STRING) {
        if (check) stringValue(key + "[" + i + "]", r.position());
        else skipString(key);
      } else {
        value(key + "[" + i + "]", elemType, depth + 1, pos);
      }
    }
  }

  /** A string value: chat templates go to the Jinja analyser, the rest to the payload checks. */
  private void stringValue(String key, long pos) throws IOException {
    long len = length(key);
    if (len < 0) return;
    int budget = ctx.budgets().maxOperandBytes();
    if (len > budget) {
      ctx.inconclusive("metadata string '" + key + "' of " + len + " bytes exceeds the analysis budget");
      r.skip(len);
      return;
    }
    long at = r.position();
    String s = new String(r.readBytes(len, budget), StandardCharsets.UTF_8);
    if (key.equals(CHAT_TEMPLATE) || key.startsWith(CHAT_TEMPLATE + ".")) {
      TemplateAnalyzer.analyze(ctx, s, key, at);
    } else {
      PayloadChecks.checkInertText(ctx, s, key, at);
    }
  }

  private void skipString(String key) throws IOException {
    long len = length(key);
    if (len >= 0) r.skip(len);
  }

  /** A string length bounded by the bytes left; -1 after reporting when it lies. */
  private long length(String key) throws IOException {
    long pos = r.position();
    long len = v1 ? r.readU32() : r.readI64();
    if (len < 0 || len > r.remaining()) {
      stop(pos, "A string in '" + key + "' declares " + Long.toUnsignedString(len) + " bytes but only " + r.remaining()
          + " remain; loaders that trust it allocate that much.", key + " length " + Long.toUnsignedString(len));
      return -1;
    }
    return len;
  }

  /** A key or tensor name of at most {@code max} bytes, or null after reporting. */
  private String string(int max, String what) throws IOException {
    long pos = r.position();
    long len = length(what);
    if (len < 0) return null;
    if (len > max) {
      stop(pos, "A " + what + " is " + len + " bytes long, above the format limit of " + max + ".", what + " length " + len);
      return null;
    }
    return new String(r.readBytes(len, max), StandardCharsets.UTF_8);
  }

  private Tensor tensorInfo(Set<String> names) throws IOException {
    long pos = r.position();
    String name = string(g.maxKeyBytes, "tensor name");
    if (name == null) return null;
    if (name.getBytes(StandardCharsets.UTF_8).length >= g.maxTensorName)
      reports.report("gguf.malformed-header", pos, "Tensor name '" + abbreviate(name) + "' is longer than llama.cpp's " + (g.maxTensorName - 1) + "-byte limit.", abbreviate(name));
    if (!names.add(name))
      reports.report("gguf.malformed-header", pos, "Tensor '" + abbreviate(name) + "' is declared twice; llama.cpp rejects duplicated tensor names.", abbreviate(name));
    long nDims = r.readU32();
    if (nDims > g.maxDims) {
      stop(pos, "Tensor '" + abbreviate(name) + "' has " + nDims + " dimensions; ggml supports at most " + g.maxDims + ".", name + " n_dims " + nDims);
      return null;
    }
    long[] dims = new long[(int) nDims];
    for (int d = 0; d < nDims; d++) {
      dims[d] = v1 ? r.readU32() : r.readI64();
      if (dims[d] < 0) {
        stop(pos, "Tensor '" + abbreviate(name) + "' has a dimension above 2^63.", name + " dim " + Long.toUnsignedString(dims[d]));
        return null;
      }
    }
    long typeId = r.readU32();
    long offset = r.readI64();
    GgmlTypes.Type type = g.type(typeId);
    if (type == null) {
      reports.report("gguf.malformed-header", pos, "Tensor '" + abbreviate(name) + "' has unknown or removed ggml type " + typeId + "; its size cannot be computed and loaders reject it.", name + " type " + typeId);
      return null;
    }
    if (offset < 0) {
      reports.report("gguf.tensor-bounds", pos, "Tensor '" + abbreviate(name) + "' has an offset above 2^63.", name + " offset " + Long.toUnsignedString(offset));
      return null;
    }
    return new Tensor(name, dims, type, offset, pos);
  }

  private void checkData(List<Tensor> tensors) throws IOException {
    long headerEnd = r.position();
    long dataStart = (headerEnd + alignment - 1) / alignment * alignment;
    if (!tensors.isEmpty() && dataStart > fileSize) {
      reports.report("gguf.tensor-bounds", headerEnd,
          "The data section would start at " + dataStart + ", past the end of the " + fileSize + "-byte file.", "data start " + dataStart);
      return;
    }
    record Span(Tensor t, long begin, long end) {}
    List<Span> spans = new ArrayList<>();
    for (Tensor t : tensors) {
      String where = t.name + " " + t.type.name() + " " + Arrays.toString(t.dims) + " @" + t.offset;
      if (t.offset % alignment != 0) {
        reports.report("gguf.tensor-bounds", t.infoPos,
            "Tensor '" + abbreviate(t.name) + "' starts at data offset " + t.offset + ", not a multiple of the alignment " + alignment + ".", where);
      }
      long bytes = byteSize(t);
      if (bytes < 0) {
        reports.report("gguf.tensor-bounds", t.infoPos,
            "Tensor '" + abbreviate(t.name) + "' has dimensions whose byte size overflows or whose first dimension is not a multiple of the "
                + t.type.name() + " block size " + t.type.blockSize() + ".", where);
        continue;
      }
      long begin = dataStart + t.offset;
      if (begin < 0 || begin > fileSize || bytes > fileSize - begin) {
        reports.report("gguf.tensor-bounds", t.infoPos,
            "Tensor '" + abbreviate(t.name) + "' needs bytes " + t.offset + ".." + (t.offset + bytes) + " of the data section, past the end of the file ("
                + Math.max(0, fileSize - dataStart) + " data bytes).", where);
        continue;
      }
      spans.add(new Span(t, t.offset, t.offset + bytes));
    }
    spans.sort(Comparator.comparingLong(Span::begin));
    long covered = 0;
    for (Span s : spans) {
      if (s.begin < covered) {
        reports.report("gguf.tensor-bounds", s.t.infoPos,
            "Tensor '" + abbreviate(s.t.name) + "' starts at data offset " + s.begin + ", inside another tensor's bytes (up to " + covered + ").",
            s.t.name + " [" + s.begin + ", " + s.end + ")");
      } else {
        long padded = (covered + alignment - 1) / alignment * alignment;
        if (s.begin > padded) {
            reports.report("gguf.tensor-bounds", s.t.infoPos,
              "Data bytes " + padded + ".." + s.begin + " before tensor '" + abbreviate(s.t.name) + "' belong to no tensor; loaders expect tensors packed back to back and the gap can hide content.",
              "gap of " + (s.begin - padded) + " bytes before " + s.t.name);
        }
      }
      covered = Math.max(covered, s.end);
    }
  }

  /** ne0/block × typeSize × ne1 × ne2 × ne3, or -1 on overflow or a partial block. */
  private static long byteSize(Tensor t) {
    try {
      long n0 = t.dims.length > 0 ? t.dims[0] : 1;
      if (n0 % t.type.blockSize() != 0) return -1;
      long bytes = Math.multiplyExact(n0 / t.type.blockSize(), (long) t.type.typeSize());
      for (int d = 1; d < t.dims.length; d++) bytes = Math.multiplyExact(bytes, t.dims[d]);
      return bytes;
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** Reports and returns true when {@code count} items of at least {@code min} bytes cannot fit. */
  private boolean tooMany(long count, long min, String what) {
    long remaining = r.remaining();
    if (count > remaining / min) {
      stop(r.position(), "The header declares " + count + " " + what + " but only " + remaining
          + " bytes remain, room for at most " + remaining / min
          + ": the file is truncated or the count lies (a loader that pre-allocates from it can exhaust memory).",
          what + ": " + count);
      return true;
    }
    return false;
  }

  private static int fixedSize(long type) {
    return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
      case T_UINT8, T_INT8, T_BOOL -> 1;
      case T_UINT16, T_INT16 -> 2;
      case T_UINT32, T_INT32, T_FLOAT32 -> 4;
      case T_UINT64, T_INT64, T_FLOAT64 -> 8;
      default -> -1;
    };
  }

  private void huge(long pos, String message, String evidence) {
    reports.report("gguf.huge-count", Severity.LOW, pos, message, evidence);
  }

  /** Reports a malformed header and ends parsing: what follows cannot be located reliably. */
  private void stop(long pos, String message, String evidence) {
    reports.report("gguf.malformed-header", pos, message, evidence);
    ctx.inconclusive("GGUF header malformed; parsing stopped at byte " + pos);
    stopped = true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
