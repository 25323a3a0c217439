package io.modelvet.formats.archive;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Single-stream compression wrappers: gzip, bzip2, xz, zstd, LZ4 frames and zlib (as joblib
 * writes). The content is recognised by magic, decompressed as a stream under the expansion
 * budgets and never written to disk. A tar inside is walked on the fly ({@code .tar.gz} etc.);
 * anything else is decompressed into memory (up to the in-memory budget) and dispatched as a
 * member, so a gzipped pickle reaches the pickle scanner.
 */
public final class CompressedScanner implements Scanner {
  private enum Kind {
    GZIP("gzip", "gz"),
    BZIP2("bzip2", "bz2"),
    XZ("xz", "xz"),
    ZSTD("zstd", "zst"),
    LZ4("lz4", "lz4"),
    ZLIB("zlib", "z"),
    LZMA("lzma", "lzma");

    final String format;
    final String tarSuffix;

    Kind(String format, String tarSuffix) {
      this.format = format;
      this.tarSuffix = tarSuffix;
    }
  }

  /** Most memory an xz/lzma decoder may claim for its dictionary (hostile headers ask for GiBs). */
  static final int DECODER_MEMORY_KIB = 256 * 1024;

  private static final Set<String> COMPRESSION_EXTENSIONS = Set.of("gz", "tgz", "bz2", "tbz2", "xz", "txz", "zst", "zstd", "lz4", "z", "zz", "zlib", "lzma");

  private static final Set<String> CLAIMED_EXTENSIONS = union(COMPRESSION_EXTENSIONS, Set.of("joblib", "jbl", "rds", "rdata", "rda", "nemo"));

  @Override
  public String format() {
    return "compressed";
  }

  /** The compression suffixes, plus joblib's, R's and NeMo's, whose files are usually compressed streams. */
  @Override
  public Set<String> extensions() {
    return CLAIMED_EXTENSIONS;
  }

  @Override
  public int sniff(Head head) {
    Kind k = kind(head);
    return k == null ? 0 : k == Kind.ZLIB || k == Kind.LZMA ? 40 : 95;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Kind kind = kind(ctx.head());
    if (kind == null) throw new IOException("compression format not recognised");
    ctx.setFormat(kind.format);
    String inner = innerName(ctx.head().name());
    CountingInputStream compressed = new CountingInputStream(ctx.source().openStream(0));
    try (InputStream dec = open(kind, compressed, maxOutput(ctx))) {
      GuardedStream out = new GuardedStream(dec, compressed::count, ctx, inner);
      byte[] head = BoundedExpansion.readHead(out, Head.SIZE);
      if (TarWalker.isHeader(head, 0)) {
        ctx.setFormat("tar." + kind.tarSuffix);
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), out);
        TarLayouts.walk(ctx, SourceReader.of(whole), null);
        return;
      }
      byte[] rest = BoundedExpansion.readAll(out, ctx.budgets().maxInMemoryMember(), head.length, inner);
      Members.dispatch(ctx, inner, new ArrayByteSource(BoundedExpansion.concat(head, rest)), 0);
    } catch (BoundedExpansion.BombException bomb) {
      ctx.report("archive.bomb", 0, "The " + kind.format + " stream is a decompression bomb: " + bomb.getMessage() + ". Decompression was stopped.",
          bomb.produced() + " bytes from " + bomb.consumed() + " compressed");
      ctx.inconclusive("decompression bomb");
    } catch (BoundedExpansion.TooLargeException big) {
      ctx.inconclusive(big.getMessage());
    }
  }

  private static Kind kind(Head h) {
    if (h.startsWith(0, (byte) 0x1f, (byte) 0x8b, (byte) 8)) return Kind.GZIP;
    if (h.startsWith("BZh") && h.u8(3) >= '1' && h.u8(3) <= '9'
        && (h.startsWith(4, (byte) 0x31, (byte) 0x41, (byte) 0x59, (byte) 0x26, (byte) 0x53, (byte) 0x59)
            || h.startsWith(4, (byte) 0x17, (byte) 0x72, (byte) 0x45, (byte) 0x38, (byte) 0x50, (byte) 0x90))) return Kind.BZIP2;
    if (h.startsWith(0, (byte) 0xfd, (byte) '7', (byte) 'z', (byte) 'X', (byte) 'Z', (byte) 0)) return Kind.XZ;
    if (h.startsWith(0, (byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd)) return Kind.ZSTD;
    if (h.startsWith(0, (byte) 0x04, (byte) 0x22, (byte) 0x4d, (byte) 0x18)) return Kind.LZ4;
    if (looksLikeZlib(h.bytes())) return Kind.ZLIB;
    if (looksLikeLzmaAlone(h)) return Kind.LZMA;
    return null;
  }

  /** A zlib header (deflate, no preset dictionary, valid check bits) whose stream inflates. */
  static boolean looksLikeZlib(byte[] b) {
    if (b.length < 3) return false;
    int cmf = b[0] & 0xff;
    int flg = b[1] & 0xff;
    if ((cmf & 0x0f) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0 || (flg & 0x20) != 0) return false;
    Inflater inf = new Inflater();
    try {
      inf.setInput(b, 0, Math.min(b.length, 4096));
      byte[] out = new byte[256];
      int n = inf.inflate(out);
      return n > 0 || inf.finished();
    } catch (DataFormatException e) {
      return false;
    } finally {
      inf.end();
    }
  }

  /**
   * The 13-byte header of the legacy .lzma format (joblib's "lzma"): the usual properties byte,
   * a power-of-two-ish dictionary size and a size field that is unknown (-1) or plausible.
   */
  static boolean looksLikeLzmaAlone(Head h) {
    if (h.length() < 14 || h.u8(0) != 0x5d) return false;
    long dict = h.u32(1);
    boolean dictOk = dict >= 4096 && (Long.bitCount(dict) == 1 || Long.bitCount(dict) == 2 && Long.bitCount(dict >>> Long.numberOfTrailingZeros(dict) ) == 2);
    long size = h.u64(5);
    return dictOk && (size == -1 || (size >= 0 && size < (1L << 40)));
  }

  /** Most output the scan reads before the stream counts as a bomb (the ratio applies past the floor). */
  static long maxOutput(ScanContext ctx) {
    long ratio = ctx.budgets().maxExpansionRatio();
    long size = ctx.source().size();
    long factor = ratio + 1; // the guard trips once output/consumed exceeds the ratio: up to (ratio + 1) x consumed before that
    long byRatio = size > Long.MAX_VALUE / factor ? Long.MAX_VALUE : size * factor;
    return Math.max(BoundedExpansion.RATIO_FLOOR, byRatio);
  }

  /**
   * An .lzma ("LZMA alone") stream whose dictionary is cut to the most output the scan reads: the
   * decoder allocates the header's dictionary size up front, so a 63-byte file asked for 128 MB. A
   * back-reference never reaches further back than the output so far, so the smaller dictionary
   * decodes every stream as far as the scan reads it.
   */
  static InputStream lzmaAlone(InputStream in, long maxOutput) throws IOException {
    byte[] header = in.readNBytes(13);
    if (header.length < 13) throw new MalformedException("the lzma header is cut off");
    long declared = java.nio.ByteBuffer.wrap(header, 1, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    long size = java.nio.ByteBuffer.wrap(header, 5, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    int dictionary = (int) Math.min(declared, Math.min(Integer.MAX_VALUE - 15, maxOutput + (1 << 16)));
    int needKib = org.tukaani.xz.LZMAInputStream.getMemoryUsage(dictionary, header[0]);
    if (needKib > DECODER_MEMORY_KIB) throw new org.tukaani.xz.MemoryLimitException(needKib, DECODER_MEMORY_KIB);
    return new org.tukaani.xz.LZMAInputStream(in, size, header[0], dictionary);
  }

  private static InputStream open(Kind kind, InputStream in, long maxOutput) throws IOException {
    return switch (kind) {
      case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> XZCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).setMemoryLimitKiB(DECODER_MEMORY_KIB).get();
      case ZSTD -> new ZstdCompressorInputStream(in);
      case LZ4 -> new FramedLZ4CompressorInputStream(in, true);
      case ZLIB -> new InflaterInputStream(in); // owns its Inflater and ends it on close
      case LZMA -> lzmaAlone(in, maxOutput);
    };
  }

  /** "model.pkl.gz" → "model.pkl", "x.tgz" → "x.tar"; other names are kept. */
  static String innerName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0) return name;
    String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (ext.startsWith("t") && ext.length() > 1 && COMPRESSION_EXTENSIONS.contains(ext)) return name.substring(0, dot) + ".tar";
    return COMPRESSION_EXTENSIONS.contains(ext) ? name.substring(0, dot) : name;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
