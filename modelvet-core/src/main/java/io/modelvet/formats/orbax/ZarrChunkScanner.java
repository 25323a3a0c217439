package io.modelvet.formats.orbax;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Budgets;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.FileByteSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Chunk files of zarr arrays ({@code 0.0}, {@code 1/2}, {@code c/0/1}): raw or compressed array
 * bytes with no header of their own. They are recognised through the array metadata above them
 * whose chunk grid names them, the way zarr finds them; the bytes are then checked against that
 * metadata (the framing of the declared compressor and the decoded size, chunk shape × item size).
 * An array decoded with pickle has its chunks handed to the pickle engine.
 */
public final class ZarrChunkScanner implements Scanner {
  private static final Pattern CHUNK_NAME = Pattern.compile("c|0|[1-9][0-9]{0,18}(\\.(0|[1-9][0-9]{0,18}))*|0(\\.(0|[1-9][0-9]{0,18}))+");
  private static final int MAX_LEVELS = 8;
  private static final long MAX_METADATA = 1 << 20;

  /** A chunk located under its array's metadata. */
  record Located(Path metadata, String key, ZarrArray array) {}

  @Override
  public String format() {
    return "zarr-chunk";
  }

  @Override
  public int sniff(Head head) {
    if (!(head.source() instanceof FileByteSource f)) return 0;
    return locate(f.path()) != null ? 97 : 0;
  }

  /** Finds the array metadata whose chunk grid names this file; null when there is none. */
  static Located locate(Path file) {
    Path name = file.getFileName();
    if (name == null || !CHUNK_NAME.matcher(name.toString()).matches()) return null;
    Path dir = file.toAbsolutePath().getParent();
    String key = name.toString();
    for (int level = 0; level < MAX_LEVELS && dir != null; level++) {
      for (String meta : new String[] {".zarray", "zarr.json"}) {
        Path m = dir.resolve(meta);
        if (!Files.isRegularFile(m)) continue;
        ZarrArray a = read(m);
        if (a != null && a.chunks() != null && a.shape() != null && a.shape().length == a.chunks().length && !"".equals(a.checkKey(key)))
          return new Located(m, key, a);
        return null;
      }
      if (dir.getFileName() == null) return null;
      key = dir.getFileName() + "/" + key;
      dir = dir.getParent();
    }
    return null;
  }

  private static ZarrArray read(Path meta) {
    try {
      if (Files.size(meta) > MAX_METADATA) return null;
      return ZarrMetadata.parse(JsonSupport.readTree(Budgets.defaults(), Files.readString(meta, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Located loc = ctx.source() instanceof FileByteSource f ? locate(f.path()) : null;
    if (loc == null) {
      ctx.inconclusive("zarr chunk whose array metadata could no longer be read");
      return;
    }
    ZarrArray a = loc.array();
    String outside = a.checkKey(loc.key());
    if (outside != null) {
      ctx.report("zarr.malformed-chunk", 0, "The chunk '" + loc.key() + "' lies outside the chunk grid its metadata declares (" + outside + "); zarr never reads it, but it is not what the writer produced.", loc.key() + ": " + outside);
      return;
    }
    long expected = a.chunkBytes();
    long size = ctx.source().size();
    String where = "chunk " + loc.key();
    if (a.usesPickle()) {
      byte[] decoded = decode(ctx, a.compression());
      if (decoded != null) ctx.scanMember(loc.key() + ".pkl", new ArrayByteSource(decoded));
      return;
    }
    switch (a.filtered() ? ZarrArray.Compression.OTHER : a.compression()) {
      case NONE -> {
        if (expected >= 0 && size != expected) mismatch(ctx, loc, "it holds " + size + " bytes but the array stores " + expected + " bytes per chunk uncompressed");
        PayloadChecks.checkBytes(ctx, ctx.head().bytes(), where, 0);
      }
      case GZIP, ZLIB, ZSTD -> {
        long n = decodedSize(ctx, a.compression(), expected);
        if (n == -2) {
          mismatch(ctx, loc, "its bytes are not a " + a.compression().name().toLowerCase(java.util.Locale.ROOT) + " stream");
          PayloadChecks.checkBytes(ctx, ctx.head().bytes(), where, 0);
        }
        else if (expected >= 0 && n != expected) mismatch(ctx, loc, "it decompresses to " + (n > expected ? "more than " + expected : String.valueOf(n)) + " bytes but the array stores " + expected + " bytes per chunk");
      }
      case BLOSC -> blosc(ctx, loc, expected, size);
      case OTHER -> PayloadChecks.checkBytes(ctx, ctx.head().bytes(), where, 0);
    }
  }

  private static void mismatch(ScanContext ctx, Located loc, String why) {
    ctx.report("zarr.malformed-chunk", 0, "The chunk '" + loc.key() + "' does not match its array: " + why + ".", loc.key() + ": " + why);
  }

  /** Blosc 1/2 chunks open with a 16-byte header: versions, flags, type size, nbytes, blocksize, cbytes. */
  private static void blosc(ScanContext ctx, Located loc, long expected, long size) {
    Head h = ctx.head();
    if (size < 16 || h.u8(0) < 1 || h.u8(0) > 4) {
      mismatch(ctx, loc, "it does not start with a blosc header");
      return;
    }
    long nbytes = h.u32(4);
    long cbytes = h.u32(12);
    if (cbytes != size) mismatch(ctx, loc, "its blosc header says " + cbytes + " compressed bytes but the file has " + size);
    else if (expected >= 0 && nbytes != expected) mismatch(ctx, loc, "its blosc header says " + nbytes + " bytes but the array stores " + expected + " bytes per chunk");
    else if ((h.u8(2) & 0x02) != 0 && cbytes != nbytes + 16) mismatch(ctx, loc, "it is stored uncompressed but its sizes disagree");
  }

  /** Decompressed size (counting at most expected + 1 bytes), or -2 when the stream is broken. */
  private static long decodedSize(ScanContext ctx, ZarrArray.Compression c, long expected) throws IOException {
    long cap = expected >= 0 ? expected + 1 : ctx.budgets().maxInMemoryMember();
    try (InputStream in = open(ctx, c)) {
      byte[] buf = new byte[1 << 16];
      long n = 0;
      for (int r; n < cap && (r = in.read(buf, 0, (int) Math.min(buf.length, cap - n))) > 0; ) {
        n += r;
        ctx.chargeExpanded(r);
      }
      return n;
    } catch (BudgetExceededException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return -2;
    }
  }

  /** The decoded chunk for the pickle engine, within the in-memory budget; null (inconclusive) beyond it. */
  private static byte[] decode(ScanContext ctx, ZarrArray.Compression c) throws IOException {
    long cap = Math.min(ctx.budgets().maxInMemoryMember(), Integer.MAX_VALUE - 16);
    if (c != ZarrArray.Compression.NONE && c != ZarrArray.Compression.GZIP && c != ZarrArray.Compression.ZLIB && c != ZarrArray.Compression.ZSTD) {
      ctx.inconclusive("chunk of a pickle-decoded zarr array compressed with a codec ModelVet cannot decode");
      return null;
    }
    try (InputStream in = open(ctx, c)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        if (out.size() + (long) r > cap) {
          ctx.inconclusive("decoded chunk larger than the in-memory budget");
          return null;
        }
        ctx.chargeExpanded(r);
        out.write(buf, 0, r);
      }
      return out.toByteArray();
    } catch (BudgetExceededException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      ctx.inconclusive("chunk of a pickle-decoded zarr array does not decompress");
      return null;
    }
  }

  private static InputStream open(ScanContext ctx, ZarrArray.Compression c) throws IOException {
    InputStream raw = ctx.source().openStream(0);
    return switch (c) {
      case GZIP -> GzipCompressorInputStream.builder().setInputStream(raw).get();
      case ZLIB -> new InflaterInputStream(raw);
      case ZSTD -> new ZstdCompressorInputStream(raw);
      default -> raw;
    };
  }
}
