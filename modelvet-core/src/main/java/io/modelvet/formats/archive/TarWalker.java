package io.modelvet.formats.archive;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.ArchiveMembers;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import io.modelvet.report.Severity;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Walks a tar stream (ustar, GNU long names, PAX headers) without extracting anything. Over a
 * seekable uncompressed source, member data is handed on as zero-copy slices and skipped by
 * seeking, so big tensors cost nothing; over a decompressing stream, members are read into memory
 * up to the budget. Links, device files and escaping names are reported.
 */
public final class TarWalker {
  private static final int BLOCK = 512;
  private static final int MAX_META = 1 << 20;

  private final ScanContext ctx;
  private final SourceReader in;
  private final ByteSource seekable;
  private final MemberNames names;
  private final Set<String> seen = new LinkedHashSet<>();
  private final ArchiveMembers observer;

  /**
   * @param in the tar bytes
   * @param seekable the same bytes as a random-access source when {@code in} reads it directly
   *     (member data is then sliced), or null for a decompressed stream
   */
  public TarWalker(ScanContext ctx, SourceReader in, ByteSource seekable) {
    this(ctx, in, seekable, null);
  }

  /** @param observer sees every regular member before it is dispatched (null for none) */
  public TarWalker(ScanContext ctx, SourceReader in, ByteSource seekable, ArchiveMembers observer) {
    this.ctx = ctx;
    this.in = in;
    this.seekable = seekable;
    this.names = new MemberNames(ctx);
    this.observer = observer;
  }

  /** Names of the members seen, in order (for layout checks such as legacy PyTorch). */
  public Set<String> names() {
    return seen;
  }

  /** True when a 512-byte block is a tar header: the checksum matches (ustar magic optional). */
  public static boolean isHeader(byte[] b, int off) {
    if (b.length < off + BLOCK) return false;
    long stored = octal(b, off + 148, 8);
    if (stored < 0) return false;
    long sum = 0;
    boolean nonZero = false;
    for (int i = 0; i < BLOCK; i++) {
      int v = (i >= 148 && i < 156) ? ' ' : b[off + i] & 0xff;
      sum += v;
      if (b[off + i] != 0) nonZero = true;
    }
    return nonZero && sum == stored;
  }

  /** Walks all members; a damaged header ends the walk and makes the file inconclusive. */
  public void walk() throws IOException {
    String longName = null;
    String longLink = null;
    String paxPath = null;
    String paxLink = null;
    long paxSize = -1;
    int zeroBlocks = 0;
    int entries = 0;
    while (true) {
      ctx.checkDeadline();
      long headerAt = in.position();
      byte[] h;
      try {
        h = in.readBytes(BLOCK, BLOCK);
      } catch (EOFException end) {
        if (entries == 0 && zeroBlocks == 0) throw new MalformedException("tar ends before its first header");
        if (zeroBlocks == 0)
          ctx.report("archive.malformed", headerAt, "The tar archive ends without its end-of-archive blocks (truncated).", null);
        return;
      }
      if (allZero(h)) {
        if (++zeroBlocks == 2) return;
        continue;
      }
      zeroBlocks = 0;
      if (!isHeader(h, 0)) {
        ctx.report("archive.malformed", headerAt, "A tar header at offset " + headerAt + " has a bad checksum; the rest of the archive could not be walked.", null);
        ctx.inconclusive("damaged tar header at offset " + headerAt);
        return;
      }
      char type = (char) (h[156] & 0xff);
      long size = size(h);
      if (size < 0) throw new MalformedException("bad size field in tar header at " + headerAt);
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        byte[] meta = in.readBytes(size, MAX_META);
        skipPadding(size);
        switch (type) {
          case 'L' -> longName = cString(meta, 0, meta.length);
          case 'K' -> longLink = cString(meta, 0, meta.length);
          case 'x' -> {
            for (String[] kv : pax(meta)) {
              if (kv[0].equals("path")) paxPath = kv[1];
              else if (kv[0].equals("linkpath")) paxLink = kv[1];
              else if (kv[0].equals("size")) paxSize = parseLong(kv[1]);
            }
          }
          default -> { } // global PAX header: nothing per member
        }
        continue;
      }
      if (++entries > ctx.budgets().maxEntries()) {
        ctx.inconclusive("more than " + ctx.budgets().maxEntries() + " tar entries; only the first were analysed");
        return;
      }
      String name = paxPath != null ? paxPath : longName != null ? longName : headerName(h);
      String link = paxLink != null ? paxLink : longLink != null ? longLink : cString(h, 157, 100);
      if (paxSize >= 0) size = paxSize;
      longName = longLink = paxPath = paxLink = null;
      paxSize = -1;
      member(name, link, type, size, headerAt);
    }
  }

  private void member(String name, String link, char type, long size, long headerAt) throws IOException {
    names.check(name, headerAt);
    seen.add(name);
    switch (type) {
      case '1', '2' -> {
        boolean escapes = MemberNames.linkEscapes(type == '1' ? "" : name, link);
        String kind = type == '1' ? "hard link" : "symbolic link";
        ctx.report("archive.link", escapes ? Severity.HIGH : Severity.MEDIUM, headerAt,
            "Member '" + MemberNames.printable(name) + "' is a " + kind + " to '" + MemberNames.printable(link) + "'"
                + (escapes ? ", outside the archive; extracting it exposes or overwrites files elsewhere." : "; model archives have no need for links."),
            MemberNames.printable(name) + " -> " + MemberNames.printable(link));
        skipData(size);
      }
      case '3', '4', '6' -> {
        String kind = type == '6' ? "FIFO (named pipe)" : type == '3' ? "character device" : "block device";
        ctx.report("archive.special-file", headerAt, "Member '" + MemberNames.printable(name) + "' is a " + kind + "; model archives never contain one.", MemberNames.printable(name));
        skipData(size);
      }
      case '5' -> skipData(size);
      case '0', '\0', '7' -> regular(name, size, headerAt);
      default -> {
        ctx.inconclusive("tar member " + name + " has unsupported type '" + type + "'");
        skipData(size);
      }
    }
  }

  private void regular(String name, long size, long headerAt) throws IOException {
    long limit = ctx.budgets().maxInMemoryMember();
    ByteSource data;
    if (seekable != null) {
      long at = in.position();
      if (at + size > seekable.size()) throw new MalformedException("tar member " + name + " runs past the end of the archive");
      data = seekable.slice(at, size);
      in.skip(size);
    } else if (size <= limit) {
      data = new ArrayByteSource(in.readBytes(size, limit));
    } else {
      in.skip(size);
      ctx.inconclusive("tar member " + name + " (" + size + " bytes) is too large to analyse in memory");
      skipPadding(size);
      return;
    }
    skipPadding(size);
    if (name.endsWith("/")) return;
    if (observer != null) observer.member(name, data);
    Members.dispatch(ctx, name, data, headerAt);
  }

  private void skipData(long size) throws IOException {
    in.skip(size);
    skipPadding(size);
  }

  private void skipPadding(long size) throws IOException {
    long pad = (BLOCK - size % BLOCK) % BLOCK;
    try {
      in.skip(pad);
    } catch (EOFException atEnd) {
      // a final member without padding: the next read reports the truncation
    }
  }

  private static String headerName(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    if (ustar) {
      String prefix = cString(h, 345, 155);
      if (!prefix.isEmpty()) name = prefix + "/" + name;
    }
    return name;
  }

  private static long size(byte[] h) {
    if ((h[124] & 0x80) != 0) {
      long v = 0;
      for (int i = 125; i < 136; i++) {
        if (v >>> 55 != 0) return -1;
        v = (v << 8) | (h[i] & 0xff);
      }
      return (h[124] & 0x7f) != 0 ? -1 : v;
    }
    return octal(h, 124, 12);
  }

  /** Octal field (NUL/space padded); -1 when it holds anything else. */
  static long octal(byte[] b, int off, int len) {
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (b[i] == ' ' || b[i] == 0)) i++;
    boolean any = false;
    for (; i < end; i++) {
      int c = b[i];
      if (c == 0 || c == ' ') break;
      if (c < '0' || c > '7') return -1;
      if (v >>> 60 != 0) return -1;
      v = v * 8 + (c - '0');
      any = true;
    }
    return any ? v : 0;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) end++;
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) if (x != 0) return false;
    return true;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** PAX records "len key=value\n". */
  private static java.util.List<String[]> pax(byte[] meta) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    int p = 0;
    while (p < meta.length) {
      int sp = p;
      while (sp < meta.length && meta[sp] != ' ') sp++;
      if (sp >= meta.length) break;
      long len = parseLong(new String(meta, p, sp - p, StandardCharsets.US_ASCII));
      if (len <= 0 || p + len > meta.length || len < sp - p + 2) break;
      String rec = new String(meta, sp + 1, (int) (len - (sp - p) - 2), StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq > 0) out.add(new String[] {rec.substring(0, eq), rec.substring(eq + 1)});
      p += (int) len;
    }
    return out;
  }
}
