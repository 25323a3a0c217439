package io.modelvet.formats.archive;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.archive.ZipDirectory.LocalHeader;
import io.modelvet.formats.common.numpy.NpyHeader;
import io.modelvet.formats.archive.pytorch.PyTorchZipLayout;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.report.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.deflate64.Deflate64CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Zip archives and the formats built on them (PyTorch, TorchScript, NumPy {@code .npz}, Keras
 * v3, TorchServe {@code .mar}, skops). The central directory is read by hand as leniently as PyTorch reads it: CRC errors, odd
 * flag bits and local names that differ from the directory do not stop the walk but are
 * reported, since each is a known way to hide a pickle from stricter scanners. Each member is
 * isolated: one broken entry makes the archive inconclusive but the others are still scanned.
 * Stored members are handed on as zero-copy slices; compressed ones are inflated in memory under
 * the budgets; tensor storages are never read.
 */
public final class ZipScanner implements Scanner {
  private static final int ODD_FLAGS = ZipEntryRecord.FLAG_ENCRYPTED | ZipEntryRecord.FLAG_COMPRESSED_PATCHED | ZipEntryRecord.FLAG_STRONG_ENCRYPTION;
  private static final long CRC_CHECK_LIMIT = 64L << 20;
  private static final int LINK_TARGET_LIMIT = 4096;

  @Override
  public String format() {
    return "zip";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("zip", "pt", "pth", "bin", "ckpt", "npz", "mar", "skops");
  }

  /** A zip may be a PyTorch archive, whose pickles torch.load runs. */
  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniff(Head head) {
    if (head.startsWith(0, (byte) 'P', (byte) 'K', (byte) 3, (byte) 4)) return 100;
    if (head.startsWith(0, (byte) 'P', (byte) 'K', (byte) 5, (byte) 6) && head.size() < 65_600) return 90;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    ZipDirectory dir = ZipDirectory.read(ctx.source(), ctx.budgets().maxEntries());
    for (String a : dir.anomalies()) ctx.report("archive.malformed", -1, "Zip directory: " + a + ".", null);
    if (dir.truncatedByBudget())
      ctx.inconclusive("more than " + ctx.budgets().maxEntries() + " zip entries; only the first were analysed");
    new Walk(ctx, dir.entries()).run();
  }

  /** One walk over an archive's entries. */
  private static final class Walk {
    private final ScanContext ctx;
    private final ByteSource src;
    private final List<ZipEntryRecord> entries;
    private final MemberNames names;
    private final List<long[]> spans = new ArrayList<>();
    private final ZipFolder.Index folders;
    private PyTorchZipLayout torch;
    private boolean npz;

    Walk(ScanContext ctx, List<ZipEntryRecord> entries) {
      this.ctx = ctx;
      this.src = ctx.source();
      this.entries = entries;
      this.names = new MemberNames(ctx);
      this.folders = new ZipFolder.Index(src, ctx.path(), entries);
    }

    void run() throws IOException {
      classify();
      for (ZipEntryRecord e : entries) {
        ctx.checkDeadline();
        try {
          entry(e);
        } catch (BudgetExceededException b) {
          throw b;
        } catch (BoundedExpansion.BombException bomb) {
          ctx.report("archive.bomb", e.localHeaderOffset(),
              "Member '" + MemberNames.printable(e.name()) + "' is a decompression bomb: " + bomb.getMessage() + ". Its analysis was stopped.",
              bomb.produced() + " bytes from " + bomb.consumed() + " compressed");
          ctx.inconclusive("decompression bomb in member " + e.name());
        } catch (BoundedExpansion.TooLargeException big) {
          ctx.inconclusive(big.getMessage());
        } catch (IOException | RuntimeException bad) {
          ctx.report("archive.malformed", e.localHeaderOffset(),
              "Member '" + MemberNames.printable(e.name()) + "' could not be read (" + bad.getMessage() + "); the other members were still analysed.", null);
          ctx.inconclusive("member " + e.name() + " could not be read: " + bad.getMessage());
        }
      }
      checkOverlaps();
      if (torch != null) torch.finish(ctx);
    }

    /** Refines the format from the member names. */
    private void classify() {
      List<String> all = entries.stream().map(ZipEntryRecord::name).toList();
      torch = PyTorchZipLayout.detect(all);
      if (torch != null) {
        ctx.setFormat(torch.format());
        return;
      }
      List<String> files = all.stream().filter(n -> !n.endsWith("/")).toList();
      if (!files.isEmpty() && files.stream().allMatch(n -> n.endsWith(".npy"))) {
        npz = true;
        ctx.setFormat("npz");
      } else if (all.contains("config.json") && all.contains("metadata.json")) {
        ctx.setFormat("keras-v3");
        KerasArchiveCheck.inspectMembers(ctx, files);
      } else if (all.contains("MAR-INF/MANIFEST.json")) {
        ctx.setFormat("torchserve-mar"); // the manifest and handler members are checked by content
      } else if (all.contains("schema.json")) {
        ctx.setFormat("skops"); // schema.json is checked by content, arrays as .npy members
      }
    }

    private void entry(ZipEntryRecord e) throws IOException {
      names.check(e.name(), e.localHeaderOffset());
      if (e.isDirectory()) return;
      LocalHeader local = ZipDirectory.local(src, e);
      long end = local.dataOffset() + e.compressedSize();
      if (e.compressedSize() < 0 || end > src.size() || end < 0)
        throw new MalformedException("data of " + e.compressedSize() + " bytes at " + local.dataOffset() + " runs past the end of the file");
      spans.add(new long[] {e.localHeaderOffset(), end, e.index()});
      if (!Arrays.equals(local.rawName(), e.rawName())) {
        String ln = ZipEntryRecord.decodeName(local.rawName());
        ctx.report("archive.name-mismatch", e.localHeaderOffset(),
            "Member '" + MemberNames.printable(e.name()) + "' is called '" + MemberNames.printable(ln) + "' in its local header. PyTorch uses the directory name; scanners that use the local one miss the member (CVE-2025-1944).",
            "central: " + MemberNames.printable(e.name()) + " / local: " + MemberNames.printable(ln));
      }
      if (local.method() != e.method())
        ctx.report("archive.malformed", e.localHeaderOffset(), "Member '" + MemberNames.printable(e.name()) + "' has compression method " + local.method() + " in its local header but " + e.method() + " in the directory.", null);
      if (e.isSymlink()) {
        link(e, local);
        return;
      }
      if (torch != null && torch.isStorage(e.name())) {
        if (e.method() != 0)
          ctx.report("pytorch.layout", e.localHeaderOffset(), "Tensor storage '" + e.name() + "' is compressed (method " + e.method() + "); torch.save always stores storages uncompressed.", null);
        return;
      }
      int odd = (e.flags() | local.flags()) & ODD_FLAGS;
      boolean markedEncrypted = (odd & (ZipEntryRecord.FLAG_ENCRYPTED | ZipEntryRecord.FLAG_STRONG_ENCRYPTION)) != 0;
      if (e.method() == 99 || (markedEncrypted && storedWithCipherHeader(e))) {
        encrypted(e);
        return;
      }
      ByteSource data;
      try {
        data = open(e, local);
      } catch (BoundedExpansion.BombException | BoundedExpansion.TooLargeException | BudgetExceededException b) {
        throw b;
      } catch (IOException broken) {
        if (markedEncrypted) {
          encrypted(e);
          return;
        }
        throw broken;
      }
      if (data == null) return; // validated without dispatch
      // Data that is stored without a cipher header or inflates cleanly is plain, whatever the
      // flags and the CRC say: PyTorch reads it, so it is scanned and the tricks are reported.
      checkCrc(e, data);
      if (odd != 0) {
        ctx.report("archive.flag-anomaly", e.localHeaderOffset(),
            "Member '" + MemberNames.printable(e.name()) + "' has general-purpose flag bits 0x" + Integer.toHexString(odd) + " set (encrypted/patched) but holds plain data. Python's zipfile refuses it, so scanners built on it skip it, while PyTorch loads it (CVE-2025-1945).",
            "flags central 0x" + Integer.toHexString(e.flags()) + ", local 0x" + Integer.toHexString(local.flags()));
      }
      if (torch != null && torch.isCode(e.name()) && data.size() <= ctx.budgets().maxOperandBytes())
        torch.checkCode(ctx, e.name(), new String(data.readFully(0, (int) data.size()), StandardCharsets.UTF_8));
      Members.dispatch(ctx, e.name(), data, e.localHeaderOffset(), folders.folderOf(e.name()));
    }

    /**
     * ZipCrypto adds a 12-byte header to stored data, so equal sizes mean the encryption flag lies.
     * Compressed members marked encrypted are simply tried: real ciphertext fails to inflate and is
     * then treated as encrypted.
     */
    private static boolean storedWithCipherHeader(ZipEntryRecord e) {
      return e.method() == 0 && e.compressedSize() != e.size();
    }

    private void encrypted(ZipEntryRecord e) {
      ctx.report("archive.encrypted", e.localHeaderOffset(),
          "Member '" + MemberNames.printable(e.name()) + "' is encrypted and could not be analysed.", "method " + e.method() + ", flags 0x" + Integer.toHexString(e.flags()));
      ctx.inconclusive("encrypted member " + e.name() + " could not be analysed");
    }

    /**
     * The member's bytes: a slice for stored data, an in-memory copy for compressed data; null when
     * the member was fully validated without being dispatched (a plain array of a compressed npz).
     */
    private ByteSource open(ZipEntryRecord e, LocalHeader local) throws IOException {
      ByteSource raw = src.slice(local.dataOffset(), e.compressedSize());
      if (e.method() == 0) {
        if (e.size() != e.compressedSize())
          ctx.report("archive.malformed", e.localHeaderOffset(), "Stored member '" + MemberNames.printable(e.name()) + "' declares " + e.size() + " bytes but holds " + e.compressedSize() + ".", null);
        return raw;
      }
      CountingInputStream counted = new CountingInputStream(raw.openStream(0));
      Inflater inflater = e.method() == 8 ? new Inflater(true) : null;
      try (InputStream in = new GuardedStream(decompressor(e, counted, inflater), counted::count, ctx, e.name())) {
        byte[] head = new byte[0];
        if (npz && e.name().endsWith(".npy")) {
          head = BoundedExpansion.readHead(in, Head.SIZE);
          if (plainArray(e, head)) return null;
        }
        byte[] rest = BoundedExpansion.readAll(in, ctx.budgets().maxInMemoryMember(), head.length, e.name());
        return new ArrayByteSource(BoundedExpansion.concat(head, rest));
      } finally {
        if (inflater != null) inflater.end();
      }
    }

    private static InputStream decompressor(ZipEntryRecord e, InputStream in, Inflater inflater) throws IOException {
      return switch (e.method()) {
        case 8 -> new InflaterInputStream(in, inflater, 1 << 16);
        case 9 -> new Deflate64CompressorInputStream(in);
        case 12 -> new BZip2CompressorInputStream(in);
        case 93 -> new ZstdCompressorInputStream(in);
        case 95 -> XZCompressorInputStream.builder().setInputStream(in).setMemoryLimitKiB(CompressedScanner.DECODER_MEMORY_KIB).get();
        default -> throw new MalformedException("unsupported compression method " + e.method());
      };
    }

    /** A compressed npz member whose header shows a plain array is checked from its head only. */
    private boolean plainArray(ZipEntryRecord e, byte[] head) {
      NpyHeader h;
      try {
        h = NpyHeader.parse(head);
      } catch (MalformedException notNpy) {
        return false;
      }
      if (h.hasObjects() || h.expectedDataBytes() < 0) return false;
      long present = e.size() - h.dataOffset();
      if (present > h.expectedDataBytes()) return false; // trailing bytes: scan the whole member
      h.reportSizeMismatch(ctx, present, "Member " + e.name() + ": ");
      return true;
    }

    private void checkCrc(ZipEntryRecord e, ByteSource data) throws IOException {
      if (data.size() > CRC_CHECK_LIMIT) return;
      CRC32 crc = new CRC32();
      byte[] buf = new byte[1 << 16];
      for (long p = 0; p < data.size(); ) {
        int n = data.read(p, buf, 0, buf.length);
        if (n <= 0) break;
        crc.update(buf, 0, n);
        p += n;
      }
      if (crc.getValue() != e.crc())
        ctx.report("archive.crc-mismatch", e.localHeaderOffset(),
            "Member '" + MemberNames.printable(e.name()) + "' does not match its CRC-32. Python's zipfile aborts on it, so scanners built on it give up, while PyTorch ignores CRCs and loads the member (CVE-2025-10156).",
            String.format("declared %08x, actual %08x", e.crc(), crc.getValue()));
    }

    private void link(ZipEntryRecord e, LocalHeader local) throws IOException {
      String target = "?";
      if (e.compressedSize() <= LINK_TARGET_LIMIT && (e.method() == 0 || e.method() == 8)) {
        byte[] raw = src.readFully(local.dataOffset(), (int) e.compressedSize());
        if (e.method() == 8) {
          Inflater inf = new Inflater(true);
          try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(raw), inf)) {
            raw = BoundedExpansion.readHead(in, LINK_TARGET_LIMIT);
          } finally {
            inf.end();
          }
        }
        target = new String(raw, StandardCharsets.UTF_8);
      }
      boolean escapes = MemberNames.linkEscapes(e.name(), target) || target.equals("?");
      ctx.report("archive.link", escapes ? Severity.HIGH : Severity.MEDIUM, e.localHeaderOffset(),
          "Member '" + MemberNames.printable(e.name()) + "' is a symbolic link to '" + MemberNames.printable(target) + "'"
              + (escapes ? ", outside the archive; extracting it lets later writes or reads reach any file." : "; model archives have no need for links."),
          MemberNames.printable(e.name()) + " -> " + MemberNames.printable(target));
    }

    private void checkOverlaps() {
      spans.sort(Comparator.comparingLong(s -> s[0]));
      for (int i = 1; i < spans.size(); i++) {
        long[] prev = spans.get(i - 1);
        long[] cur = spans.get(i);
        if (cur[0] < prev[1]) {
          ctx.report("archive.overlap", cur[0],
              "Zip entries " + entries.get((int) prev[2]).name() + " and " + entries.get((int) cur[2]).name() + " overlap in the file (" + spans.size() + " entries checked).",
              "offsets " + prev[0] + ".." + prev[1] + " and " + cur[0] + ".." + cur[1]);
          return;
        }
      }
    }
  }
}
