package io.modelvet.formats.flax;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Flax / JAX MessagePack checkpoints ({@code flax.serialization.to_bytes}, msgpack checkpoints
 * written by Flax and Orbax): a map of nested maps whose leaves are arrays stored as MessagePack
 * extension values (type 1 ndarray, 2 complex, 3 NumPy scalar). Loading is data-only with Flax's
 * own ext hook; the scanner checks every array's shape × dtype against its buffer, reports
 * extension types Flax does not define (a custom ext hook decides what they do) and checks every
 * string and extension payload for payloads.
 */
public final class FlaxScanner implements Scanner {
  static final int EXT_NDARRAY = 1;
  static final int EXT_COMPLEX = 2;
  static final int EXT_SCALAR = 3;
  private static final long MAX_VALUES = 50_000_000;
  private static final Map<String, Integer> DTYPES = Map.ofEntries(
      Map.entry("bool", 1), Map.entry("int8", 1), Map.entry("uint8", 1), Map.entry("float8_e4m3fn", 1), Map.entry("float8_e5m2", 1),
      Map.entry("int16", 2), Map.entry("uint16", 2), Map.entry("float16", 2), Map.entry("bfloat16", 2),
      Map.entry("int32", 4), Map.entry("uint32", 4), Map.entry("float32", 4),
      Map.entry("int64", 8), Map.entry("uint64", 8), Map.entry("float64", 8), Map.entry("complex64", 8), Map.entry("complex128", 16));

  @Override
  public String format() {
    return "flax-msgpack";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("msgpack", "flax");
  }

  @Override
  public int sniffCeiling() {
    return 80;
  }

  @Override
  public int sniff(Head head) {
    int b = head.u8(0);
    if (!((b >= 0x81 && b <= 0x8f) || b == 0xde || b == 0xdf)) return 0;
    boolean[] flaxExt = {false};
    MsgpackWalker w = new MsgpackWalker(SourceReader.of(new ArrayByteSource(head.bytes())), head.length(), 1 << 12, 100_000, new MsgpackWalker.Visitor() {
      @Override
      public void string(String path, String value, long offset) {}

      @Override
      public void extension(String path, int type, byte[] payload, long length, long offset) {
        if (type == EXT_NDARRAY && payload != null && payload.length > 0 && (payload[0] & 0xff) == 0x93) flaxExt[0] = true;
      }
    });
    try {
      w.value("", 0);
    } catch (EOFException cut) {
      // the head ends inside the document: what was seen counts
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return flaxExt[0] ? 80 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    CappedReports reports = new CappedReports(ctx, 20);
    long size = ctx.source().size();
    MsgpackWalker w = new MsgpackWalker(SourceReader.of(ctx.source()), size, ctx.budgets().maxOperandBytes(), MAX_VALUES, new MsgpackWalker.Visitor() {
      private long seen;

      @Override
      public void string(String path, String value, long offset) throws IOException {
        if ((++seen & 0xfff) == 0) ctx.checkDeadline();
        PayloadChecks.checkString(ctx, value, "value at " + path, offset);
      }

      @Override
      public void extension(String path, int type, byte[] payload, long length, long offset) throws IOException {
        if ((++seen & 0xfff) == 0) ctx.checkDeadline();
        if (payload == null) {
          ctx.inconclusive("extension value at " + path + " of " + length + " bytes is larger than the analysis budget");
          return;
        }
        if (type == EXT_NDARRAY) {
          String problem = arrayProblem(payload);
          if (problem != null) reports.report("flax.malformed-array", offset, "The array at " + path + " is inconsistent: " + problem + ". Flax's loader builds the array from these fields with np.frombuffer.", path + ": " + problem);
        } else if (type != EXT_COMPLEX && type != EXT_SCALAR) {
          reports.report("flax.unknown-extension", offset, "The value at " + path + " is MessagePack extension type " + type + ", which Flax does not define. What it becomes depends on the ext hook of whatever loads it; custom hooks have deserialised such values with pickle.", path + ": ext type " + type + ", " + length + " bytes");
        }
        PayloadChecks.checkBytes(ctx, payload, "extension value at " + path, offset);
      }
    });
    w.value("", 0);
    if (w.position() != size) {
      long rest = size - w.position();
      ctx.report("flax.trailing-data", w.position(), rest + " bytes follow the MessagePack document; the loader ignores them. They are scanned as a member.", rest + " bytes at offset " + w.position());
      ctx.scanMember("trailing-data", ctx.source().slice(w.position(), rest));
    }
  }

  /** Checks an ndarray extension payload, msgpack of (shape, dtype name, buffer); null when consistent. */
  static String arrayProblem(byte[] p) {
    int[] pos = {0};
    try {
      if (u8(p, pos) != 0x93) return "payload is not a (shape, dtype, buffer) triple";
      int t = u8(p, pos);
      long dims;
      if (t >= 0x90 && t <= 0x9f) dims = t & 0x0f;
      else if (t == 0xdc) dims = be(p, pos, 2);
      else return "shape is not an array";
      long numel = 1;
      for (long i = 0; i < dims; i++) {
        long d = integer(p, pos);
        if (d < 0) return "negative dimension " + d;
        numel = d != 0 && numel > Long.MAX_VALUE / d ? Long.MAX_VALUE : numel * d;
      }
      int s = u8(p, pos);
      long len = s >= 0xa0 && s <= 0xbf ? s & 0x1f : s == 0xd9 ? be(p, pos, 1) : -1;
      if (len < 0 || pos[0] + len > p.length) return "dtype is not a string";
      String dtype = new String(p, pos[0], (int) len, java.nio.charset.StandardCharsets.UTF_8);
      pos[0] += (int) len;
      int bt = u8(p, pos);
      long buffer = bt == 0xc4 ? be(p, pos, 1) : bt == 0xc5 ? be(p, pos, 2) : bt == 0xc6 ? be(p, pos, 4) : -1;
      if (buffer < 0) return "buffer is not binary data";
      Integer width = DTYPES.get(dtype);
      if (width == null) return "dtype \"" + dtype + "\" is not a numeric array type";
      if (numel > Long.MAX_VALUE / width || numel * width != buffer) return "shape × " + dtype + " needs " + (numel > Long.MAX_VALUE / width ? "more than 2^63" : String.valueOf(numel * width)) + " bytes but the buffer has " + buffer;
      if (pos[0] + buffer != p.length) return "buffer length does not match the payload";
      return null;
    } catch (MalformedException e) {
      return e.getMessage();
    }
  }

  private static int u8(byte[] p, int[] pos) throws MalformedException {
    if (pos[0] >= p.length) throw new MalformedException("payload ends early");
    return p[pos[0]++] & 0xff;
  }

  private static long be(byte[] p, int[] pos, int n) throws MalformedException {
    long v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | u8(p, pos);
    return v;
  }

  private static long integer(byte[] p, int[] pos) throws MalformedException {
    int b = u8(p, pos);
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return (byte) b;
    return switch (b) {
      case 0xcc -> be(p, pos, 1);
      case 0xcd -> be(p, pos, 2);
      case 0xce -> be(p, pos, 4);
      case 0xcf, 0xd3 -> be(p, pos, 8);
      case 0xd0 -> (byte) be(p, pos, 1);
      case 0xd1 -> (short) be(p, pos, 2);
      case 0xd2 -> (int) be(p, pos, 4);
      default -> throw new MalformedException("dimension is not an integer");
    };
  }
}
