package io.modelvet.formats.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * safetensors: an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data
 * region. Validates the header exactly as the specification and the reference loader do
 * (length cap, UTF-8, JSON object, no duplicate keys, known dtypes, byte ranges matching
 * shapes, sorted, contiguous, covering the data region with nothing after it) and passes
 * {@code __metadata__} strings to {@link PayloadChecks}. Tensor data is never read.
 *
 * <p>Duplicate keys are detected by the walk itself at every level it reads (top level, tensor
 * entries, metadata) rather than by Jackson's STRICT_DUPLICATE_DETECTION, which stops at the
 * first duplicate: every duplicate is reported and the rest of the header is still validated.
 */
public final class SafetensorsScanner implements Scanner {
  /** Far above real shards (a few thousand tensors); bounds the memory of the layout check. */
  private static final int MAX_ENTRIES = 1 << 18;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(40).build())
          .build();

  @Override
  public String format() {
    return "safetensors";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("safetensors");
  }

  @Override
  public int sniff(Head head) {
    if (head.length() < 10 || head.u8(8) != '{') return 0;
    long n = head.u64(0);
    int after = head.u8(9);
    boolean jsonish = after == '"' || after == '}' || after == ' ' || after == '\n';
    if (n >= 2 && n <= head.size() - 8) return jsonish || n == 2 ? 100 : 60;
    // A lying length with a JSON header still is a safetensors file, and a hostile one.
    return jsonish && (n < 0 || n > head.size() - 8) ? 60 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    long size = ctx.source().size();
    long n = ctx.head().u64(0);
    long cap = SafetensorsDtypes.get().headerCap();
    if (n < 0 || n > cap) {
      ctx.report("safetensors.malformed-header", 0,
          "The header length field says " + Long.toUnsignedString(n) + " bytes, above the " + cap
              + "-byte limit of the reference loader; loaders that trust it allocate that much memory.",
          "header length " + Long.toUnsignedString(n));
      return;
    }
    if (n > size - 8) {
      ctx.report("safetensors.malformed-header", 0,
          "The header length field says " + n + " bytes but only " + (size - 8) + " follow: the file is truncated or the length lies.",
          "header length " + n + ", file size " + size);
      return;
    }
    if (n > ctx.budgets().maxOperandBytes()) {
      ctx.inconclusive("safetensors header of " + n + " bytes exceeds the analysis budget of " + ctx.budgets().maxOperandBytes());
      return;
    }
    byte[] header = ctx.source().readFully(8, (int) n);
    if (!validUtf8(header)) {
      ctx.report("safetensors.malformed-header", 8, "The header is not valid UTF-8; the reference loader refuses it.", "header bytes 8.." + (8 + n));
      return;
    }
    if (header[0] != '{') {
      ctx.report("safetensors.malformed-header", 8, "The header does not start with '{' as the specification requires.", "first byte 0x" + Integer.toHexString(header[0] & 0xff));
      return;
    }
    List<Entry> entries = new ArrayList<>();
    CappedReports out = new CappedReports(ctx, 50);
    if (!parseHeader(out, header, entries)) return;
    if (ctx.inconclusiveReason() != null) return; // tensor table truncated: a partial layout check would mislead
    checkLayout(out, entries, size - 8 - n, 8 + n);
  }

  /** One tensor entry of the header. */
  private record Entry(String name, String dtype, long[] shape, long begin, long end, long offset) {}

  /** Parses the header; returns false when it is too broken for the layout checks. */
  private boolean parseHeader(CappedReports ctx, byte[] header, List<Entry> entries) throws IOException {
    try (JsonParser p = JSON.createParser(header)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        ctx.report("safetensors.malformed-header", 8, "The header is not a JSON object.", excerpt(header));
        return false;
      }
      Set<String> seen = new HashSet<>();
      int count = 0;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        long keyOffset = 8 + p.currentTokenLocation().getByteOffset();
        if (!seen.add(key)) duplicate(ctx, key, keyOffset);
        p.nextToken();
        if ((++count & 0xfff) == 0) ctx.context().checkDeadline();
        if (key.equals("__metadata__")) metadata(ctx, p);
        else {
          Entry e = entry(ctx, p, key, keyOffset);
          if (e != null && entries.size() < MAX_ENTRIES) entries.add(e);
          else if (e != null) ctx.context().inconclusive("more than " + MAX_ENTRIES + " tensors; byte layout checked for the first " + MAX_ENTRIES + " only");
        }
      }
      if (t != JsonToken.END_OBJECT) {
        ctx.report("safetensors.malformed-header", 8, "The header JSON is cut short.", excerpt(header));
        return false;
      }
      int end = (int) p.currentTokenLocation().getByteOffset() + 1;
      for (int i = end; i < header.length; i++) {
        byte b = header[i];
        if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
          ctx.report("safetensors.malformed-header", 8 + i,
              "Non-whitespace bytes follow the header's JSON object inside the declared header length; they are hidden from JSON readers.",
              excerpt(Arrays.copyOfRange(header, i, header.length)));
          break;
        }
        if (b != ' ') {
          ctx.report("safetensors.header-anomaly", 8 + i, "The header is padded with whitespace other than spaces.", "byte 0x" + Integer.toHexString(b));
          break;
        }
      }
      return true;
    } catch (JsonParseException e) {
      ctx.report("safetensors.malformed-header", 8 + Math.max(0, e.getLocation().getByteOffset()),
          "The header is not valid JSON: " + e.getOriginalMessage(), excerpt(header));
      return false;
    } catch (StreamConstraintsException e) {
      ctx.report("safetensors.malformed-header", 8, "The header JSON is nested or sized beyond any real header: " + e.getOriginalMessage(), excerpt(header));
      return false;
    }
  }

  private static void duplicate(CappedReports ctx, String key, long offset) {
    ctx.report("safetensors.duplicate-key", offset,
        "The header names '" + key + "' twice; JSON readers disagree on which copy wins, so tools can see different tensors.",
        key);
  }

  private void metadata(CappedReports ctx, JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      ctx.report("safetensors.header-anomaly", 8 + p.currentTokenLocation().getByteOffset(),
          "__metadata__ is not a string-to-string object.", p.currentToken().asString() == null ? String.valueOf(p.currentToken()) : p.currentToken().asString());
      p.skipChildren();
      return;
    }
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      long offset = 8 + p.currentTokenLocation().getByteOffset();
      if (!seen.add(key)) duplicate(ctx, "__metadata__." + key, offset);
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_STRING) {
        PayloadChecks.checkInertText(ctx.context(), p.getText(), "__metadata__." + key, 8 + p.currentTokenLocation().getByteOffset());
      } else {
        ctx.report("safetensors.header-anomaly", offset,
            "__metadata__ value '" + key + "' is " + v + ", not a string; the reference loader only accepts strings.", key);
        p.skipChildren();
      }
    }
  }

  private Entry entry(CappedReports ctx, JsonParser p, String name, long offset) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      malformed(ctx, offset, name, "its entry is not an object");
      p.skipChildren();
      return null;
    }
    String dtype = null;
    long[] shape = null;
    long[] offsets = null;
    boolean broken = false;
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      if (!seen.add(field)) duplicate(ctx, name + "." + field, 8 + p.currentTokenLocation().getByteOffset());
      JsonToken v = p.nextToken();
      switch (field) {
        case "dtype" -> {
          if (v == JsonToken.VALUE_STRING) dtype = p.getText();
          else broken = malformed(ctx, offset, name, "dtype is not a string");
        }
        case "shape" -> {
          shape = longArray(p, -1);
          if (shape == null) broken = malformed(ctx, offset, name, "shape is not an array of non-negative integers");
        }
        case "data_offsets" -> {
          offsets = longArray(p, 2);
          if (offsets == null) broken = malformed(ctx, offset, name, "data_offsets is not a pair of non-negative integers");
        }
        default -> {
          ctx.report("safetensors.header-anomaly", offset, "Tensor '" + name + "' carries an unexpected field '" + field + "'.", field);
          p.skipChildren();
        }
      }
    }
    if (broken) return null;
    if (dtype == null || shape == null || offsets == null) {
      malformed(ctx, offset, name, "dtype, shape or data_offsets is missing");
      return null;
    }
    if (SafetensorsDtypes.get().bits(dtype) < 0) {
      malformed(ctx, offset, name, "its dtype '" + dtype + "' is unknown to the reference loader");
      return null;
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1], offset);
  }

  private static boolean malformed(CappedReports ctx, long offset, String name, String why) {
    ctx.report("safetensors.malformed-header", offset, "Tensor '" + name + "': " + why + ".", name);
    return true;
  }

  /** An array of non-negative integers (of {@code exact} length if ≥ 0), or null; consumes it. */
  private static long[] longArray(JsonParser p, int exact) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<Long> vals = new ArrayList<>();
    boolean ok = true;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0 && vals.size() < 64) {
        vals.add(p.getLongValue());
      } else {
        ok = false;
        p.skipChildren();
      }
    }
    if (!ok || (exact >= 0 && vals.size() != exact)) return null;
    return vals.stream().mapToLong(Long::longValue).toArray();
  }

  private void checkLayout(CappedReports ctx, List<Entry> entries, long dataLen, long dataStart) throws IOException {
    for (Entry e : entries) {
      long expected = byteSize(e);
      if (e.end < e.begin) {
        layout(ctx, e, "its data_offsets end (" + e.end + ") is before its begin (" + e.begin + ")");
      } else if (expected < 0) {
        layout(ctx, e, "its shape " + Arrays.toString(e.shape) + " overflows or does not make whole bytes for " + e.dtype);
      } else if (e.end - e.begin != expected) {
        layout(ctx, e, "its byte range holds " + (e.end - e.begin) + " bytes but shape " + Arrays.toString(e.shape)
            + " of " + e.dtype + " needs " + expected);
      }
      if (e.end > dataLen)
        layout(ctx, e, "its data ends at " + e.end + ", past the data region of " + dataLen + " bytes");
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    for (Entry e : sorted) {
      if (e.begin > covered) {
        ctx.report("safetensors.data-layout", dataStart + covered,
            "Bytes " + covered + ".." + e.begin + " of the data region belong to no tensor (a hole before '" + e.name + "'); the specification forbids holes because they can hide content.",
            "hole of " + (e.begin - covered) + " bytes before " + e.name);
      } else if (e.begin < covered) {
        ctx.report("safetensors.data-layout", dataStart + e.begin,
            "Tensor '" + e.name + "' starts at " + e.begin + ", inside bytes already used by another tensor (overlap up to " + covered + ").",
            e.name + " [" + e.begin + ", " + e.end + ")");
      }
      covered = Math.max(covered, e.end);
    }
    if (covered < dataLen) {
      ctx.report("safetensors.trailing-bytes", dataStart + covered,
          (dataLen - covered) + " bytes after the last tensor are not described by the header; the file may double as another format (polyglot).",
          "unindexed bytes " + (dataStart + covered) + ".." + (dataStart + dataLen));
      int peek = (int) Math.min(4096, dataLen - covered);
      PayloadChecks.checkBytes(ctx.context(), ctx.context().source().readFully(dataStart + covered, peek), "bytes after the last tensor", dataStart + covered);
    }
  }

  private static void layout(CappedReports ctx, Entry e, String why) {
    ctx.report("safetensors.data-layout", e.offset, "Tensor '" + e.name + "': " + why + ".",
        e.name + " " + e.dtype + " " + Arrays.toString(e.shape) + " [" + e.begin + ", " + e.end + ")");
  }

  /** prod(shape) × bits / 8, or -1 on overflow or a partial byte. */
  private static long byteSize(Entry e) {
    int bits = SafetensorsDtypes.get().bits(e.dtype);
    try {
      long count = 1;
      for (long d : e.shape) count = Math.multiplyExact(count, d);
      long totalBits = Math.multiplyExact(count, (long) bits);
      return totalBits % 8 == 0 ? totalBits / 8 : -1;
    } catch (ArithmeticException x) {
      return -1;
    }
  }

  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String excerpt(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 160), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    return b.length > 160 ? s + "..." : s;
  }
}
