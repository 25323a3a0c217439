package io.modelvet.formats.orbax;

import io.modelvet.io.MalformedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The binary encodings of TensorStore's OCDBT key-value store (kvstore/ocdbt/index.rst): every
 * manifest, version tree node and B+tree node is magic (uint32 big-endian), total length (uint64
 * little-endian), version varint (0), compression varint (0 none, 1 zstd), the body and a
 * CRC-32C of everything before it. Bodies are read column by column with every count checked
 * against the bytes left, so nothing is allocated from an unchecked length.
 */
public final class OcdbtCodec {
  static final int MANIFEST_MAGIC = 0x0cdb3a2a;
  static final int VERSION_NODE_MAGIC = 0x0cdb1234;
  static final int BTREE_MAGIC = 0x0cdb20de;
  static final int MAX_PATH = 65535;
  static final int MAX_KEY = 65535;
  private static final int MAX_ARITY = 1 << 20;
  private static final long MAX_KEY_BYTES = 16L << 20;

  private OcdbtCodec() {}

  /** A file of the database named by a data file table: the base path (with the transitive path) and the rest. */
  record DataFile(String base, String relative) {
    String path() {
      return base + relative;
    }
  }

  /** Where an encoded node or value lives. */
  record Ref(DataFile file, long offset, long length) {}

  /** A version: the root B+tree node of one generation (length 0: an empty tree). */
  record Root(long generation, int height, Ref ref) {}

  /** Config fields of a manifest and, for a single-file manifest, its versions and version tree nodes. */
  record Manifest(int kind, int arityLog2, int compression, List<DataFile> files, List<Root> versions, List<Child> versionNodes) {}

  /** A reference to a child node (version tree or B+tree) with its height and key prefix. */
  record Child(Ref ref, int height, String key) {}

  /** A B+tree leaf entry: its key and either an inline value or a reference. */
  record Entry(String key, byte[] inline, Ref ref) {}

  /** A decoded B+tree node. */
  record BtreeNode(int height, List<DataFile> files, List<Entry> leaves, List<Child> children, List<Integer> commonPrefix) {}

  /** A decoded version tree node: B+tree roots (height 0) or child version nodes. */
  record VersionNode(int height, List<DataFile> files, List<Root> roots, List<Child> children) {}

  /** Checks the envelope and returns the (decompressed) body. */
  static byte[] open(byte[] enc, int magic, long maxDecoded) throws MalformedException {
    if (enc.length < 16) throw new MalformedException("encoded length " + enc.length + " is below the 16-byte minimum");
    int m = (enc[0] & 0xff) << 24 | (enc[1] & 0xff) << 16 | (enc[2] & 0xff) << 8 | (enc[3] & 0xff);
    if (m != magic) throw new MalformedException(String.format("magic 0x%08x where 0x%08x was expected", m, magic));
    Reader r = new Reader(enc, 4, enc.length - 4);
    long length = r.u64();
    if (length != enc.length) throw new MalformedException("the header says " + Long.toUnsignedString(length) + " bytes but there are " + enc.length);
    CRC32C crc = new CRC32C();
    crc.update(enc, 0, enc.length - 4);
    long stored = new Reader(enc, enc.length - 4, enc.length).u32();
    if (crc.getValue() != stored) throw new MalformedException(String.format("CRC-32C mismatch (stored %08x, computed %08x)", stored, crc.getValue()));
    long version = r.varint();
    if (version != 0) throw new MalformedException("format version " + version + " (only 0 exists)");
    long compression = r.varint();
    if (compression == 0) return java.util.Arrays.copyOfRange(enc, r.pos, enc.length - 4);
    if (compression != 1) throw new MalformedException("compression format " + compression + " (0 none, 1 zstd)");
    return unzstd(enc, r.pos, enc.length - 4 - r.pos, maxDecoded);
  }

  private static byte[] unzstd(byte[] b, int off, int len, long max) throws MalformedException {
    try (InputStream in = new ZstdCompressorInputStream(new ByteArrayInputStream(b, off, len))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        if (out.size() + (long) n > max) throw new MalformedException("body decompresses to more than " + max + " bytes");
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (MalformedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new MalformedException("zstd body does not decompress");
    }
  }

  /**
   * Decodes one encoded manifest, version tree node or B+tree node, chosen by its magic (the entry
   * point of the fuzz harness); only {@link MalformedException} may escape.
   */
  public static void decode(byte[] encoded, long maxDecoded) throws MalformedException {
    int magic = encoded.length < 4 ? 0 : (encoded[0] & 0xff) << 24 | (encoded[1] & 0xff) << 16 | (encoded[2] & 0xff) << 8 | (encoded[3] & 0xff);
    switch (magic) {
      case VERSION_NODE_MAGIC -> versionNode(open(encoded, magic, maxDecoded), "");
      case BTREE_MAGIC -> btreeNode(open(encoded, magic, maxDecoded), "", "");
      default -> manifest(open(encoded, MANIFEST_MAGIC, maxDecoded));
    }
  }

  static Manifest manifest(byte[] body) throws MalformedException {
    Reader r = new Reader(body, 0, body.length);
    r.skip(16); // uuid
    int kind = r.u8();
    if (kind > 1) throw new MalformedException("manifest kind " + kind + " (0 single, 1 numbered)");
    r.varint(); // max_inline_value_bytes
    r.varint(); // max_decoded_node_bytes
    int arity = r.u8();
    if (arity < 1 || arity > 16) throw new MalformedException("version_tree_arity_log2 " + arity + " outside [1, 16]");
    int compression = (int) r.varint();
    if (compression == 1) r.skip(4);
    else if (compression != 0) throw new MalformedException("compression method " + compression + " (0 none, 1 zstd)");
    if (kind == 1) {
      r.end();
      return new Manifest(kind, arity, compression, List.of(), List.of(), List.of());
    }
    List<DataFile> files = table(r, "");
    List<Root> versions = roots(r, files, 1L << arity);
    if (versions.isEmpty()) throw new MalformedException("a manifest without versions");
    List<Child> nodes = versionChildren(r, files, 64, true, 0);
    r.end();
    return new Manifest(kind, arity, compression, files, versions, nodes);
  }

  static VersionNode versionNode(byte[] body, String transitive) throws MalformedException {
    Reader r = new Reader(body, 0, body.length);
    int arity = r.u8();
    int height = r.u8();
    if (arity < 1 || arity > 16 || (long) height * arity >= 64) throw new MalformedException("version tree node arity 2^" + arity + " and height " + height + " are impossible");
    List<DataFile> files = table(r, transitive);
    if (height == 0) {
      List<Root> roots = roots(r, files, 1L << arity);
      r.end();
      return new VersionNode(0, files, roots, List.of());
    }
    List<Child> children = versionChildren(r, files, 1L << arity, false, height - 1);
    r.end();
    return new VersionNode(height, files, List.of(), children);
  }

  /** The data file table: prefix-compressed (base path, relative path) pairs. */
  static List<DataFile> table(Reader r, String transitive) throws MalformedException {
    long n = r.count(3);
    long[] prefix = new long[(int) n];
    long[] suffix = new long[(int) n];
    long[] base = new long[(int) n];
    for (int i = 1; i < n; i++) prefix[i] = r.varint();
    for (int i = 0; i < n; i++) suffix[i] = r.varint();
    for (int i = 0; i < n; i++) base[i] = r.varint();
    List<DataFile> out = new ArrayList<>();
    String prevPath = "";
    long prevBase = 0;
    for (int i = 0; i < n; i++) {
      long len = prefix[i] + suffix[i];
      if (prefix[i] > prevPath.length() || len > MAX_PATH - transitive.length()) throw new MalformedException("data file path " + i + " is longer than " + MAX_PATH + " bytes or its prefix longer than the previous path");
      if (base[i] > len) throw new MalformedException("base path " + i + " is longer than its path");
      if (prefix[i] > Math.min(prevBase, base[i]) && base[i] != prevBase) throw new MalformedException("data file path " + i + " shares more than its base path with the previous one");
      String path = prevPath.substring(0, (int) prefix[i]) + r.text((int) suffix[i]);
      out.add(new DataFile(transitive + path.substring(0, (int) base[i]), path.substring((int) base[i])));
      prevPath = path;
      prevBase = base[i];
    }
    return out;
  }

  private static List<Root> roots(Reader r, List<DataFile> files, long maxEntries) throws MalformedException {
    long n = r.count(11);
    if (n == 0 || n > maxEntries) throw new MalformedException(n + " versions in a node of arity " + maxEntries);
    long[] gen = new long[(int) n];
    int[] height = new int[(int) n];
    for (int i = 0; i < n; i++) {
      gen[i] = r.varint();
      if (gen[i] == 0 || (i > 0 && Long.compareUnsigned(gen[i], gen[i - 1]) <= 0)) throw new MalformedException("generation numbers are zero or not increasing");
    }
    for (int i = 0; i < n; i++) height[i] = r.u8();
    List<Ref> refs = refs(r, files, (int) n);
    for (int i = 0; i < 3 * n; i++) r.varint(); // statistics
    r.skip(8 * n); // commit times
    List<Root> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new Root(gen[i], height[i], refs.get(i)));
    return out;
  }

  private static List<Child> versionChildren(Reader r, List<DataFile> files, long maxEntries, boolean withHeight, int height) throws MalformedException {
    long n = r.count(6);
    if (n > maxEntries) throw new MalformedException(n + " version tree children, more than " + maxEntries);
    for (int i = 0; i < n; i++) r.varint(); // generation numbers
    List<Ref> refs = refs(r, files, (int) n);
    for (int i = 0; i < n; i++) r.varint(); // num_generations
    r.skip(8 * n);
    List<Child> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int h = withHeight ? r.u8() : height;
      if (withHeight && h == 0) throw new MalformedException("a version tree node of height 0 referenced as interior");
      out.add(new Child(refs.get(i), h, ""));
    }
    return out;
  }

  private static List<Ref> refs(Reader r, List<DataFile> files, int n) throws MalformedException {
    DataFile[] f = new DataFile[n];
    long[] off = new long[n];
    for (int i = 0; i < n; i++) f[i] = file(r, files);
    for (int i = 0; i < n; i++) off[i] = r.varint();
    List<Ref> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long len = r.varint();
      if (off[i] < 0 || len < 0 || off[i] + len < 0) throw new MalformedException("offset/length pair (" + Long.toUnsignedString(off[i]) + ", " + Long.toUnsignedString(len) + ") overflows");
      out.add(new Ref(f[i], off[i], len));
    }
    return out;
  }

  private static DataFile file(Reader r, List<DataFile> files) throws MalformedException {
    long id = r.varint();
    if (id < 0 || id >= files.size()) throw new MalformedException("data file id " + id + " outside the table of " + files.size());
    return files.get((int) id);
  }

  /** Decodes a B+tree node; keys are prefixed with {@code prefix}, the node's implicit key prefix. */
  static BtreeNode btreeNode(byte[] body, String transitive, String prefix) throws MalformedException {
    Reader r = new Reader(body, 0, body.length);
    int height = r.u8();
    List<DataFile> files = table(r, transitive);
    long n = r.varint();
    if (n == 0 || n > MAX_ARITY || n > r.left()) throw new MalformedException("B+tree node with " + n + " entries");
    int count = (int) n;
    long[] pre = new long[count];
    long[] suf = new long[count];
    for (int i = 1; i < count; i++) pre[i] = r.varint();
    for (int i = 0; i < count; i++) suf[i] = r.varint();
    List<Integer> common = new ArrayList<>();
    if (height > 0) for (int i = 0; i < count; i++) common.add((int) Math.min(Integer.MAX_VALUE, r.varint()));
    String[] keys = new String[count];
    long keyBytes = 0;
    for (int i = 0; i < count; i++) {
      String prev = i == 0 ? "" : keys[i - 1];
      if (pre[i] > prev.length() || pre[i] + suf[i] > MAX_KEY) throw new MalformedException("key " + i + " is longer than " + MAX_KEY + " bytes or shares more than the previous key");
      String suffix = r.text((int) suf[i]);
      keys[i] = prev.substring(0, (int) pre[i]) + suffix;
      if (i > 0 && keys[i].compareTo(prev) <= 0) throw new MalformedException("keys out of order at entry " + i);
      if ((keyBytes += keys[i].length()) > MAX_KEY_BYTES) throw new MalformedException("keys of more than " + MAX_KEY_BYTES + " bytes in one node");
      if (height > 0 && common.get(i) > keys[i].length()) throw new MalformedException("subtree prefix of entry " + i + " is longer than its key");
    }
    if (height > 0) {
      List<Ref> refs = refs(r, files, count);
      for (int i = 0; i < 3 * count; i++) r.varint();
      r.end();
      List<Child> children = new ArrayList<>();
      for (int i = 0; i < count; i++) children.add(new Child(refs.get(i), height - 1, prefix + keys[i].substring(0, common.get(i))));
      return new BtreeNode(height, files, List.of(), children, common);
    }
    long[] len = new long[count];
    boolean[] indirect = new boolean[count];
    for (int i = 0; i < count; i++) len[i] = r.varint();
    for (int i = 0; i < count; i++) {
      int kind = r.u8();
      if (kind > 1) throw new MalformedException("value kind " + kind + " of entry " + i);
      indirect[i] = kind == 1;
    }
    DataFile[] f = new DataFile[count];
    for (int i = 0; i < count; i++) if (indirect[i]) f[i] = file(r, files);
    long[] off = new long[count];
    for (int i = 0; i < count; i++) {
      if (!indirect[i]) continue;
      off[i] = r.varint();
      if (off[i] < 0 || len[i] < 0 || off[i] + len[i] < 0) throw new MalformedException("value reference of entry " + i + " overflows");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (indirect[i]) entries.add(new Entry(prefix + keys[i], null, new Ref(f[i], off[i], len[i])));
      else entries.add(new Entry(prefix + keys[i], r.bytes(len[i]), null));
    }
    r.end();
    return new BtreeNode(0, files, entries, List.of(), List.of());
  }

  /** Bounded little-endian / varint reader over a byte range. */
  static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int from, int end) {
      this.b = b;
      this.pos = from;
      this.end = end;
    }

    int left() {
      return end - pos;
    }

    int u8() throws MalformedException {
      if (pos >= end) throw new MalformedException("ends early");
      return b[pos++] & 0xff;
    }

    long u32() throws MalformedException {
      long v = 0;
      for (int i = 0; i < 4; i++) v |= (long) u8() << (8 * i);
      return v;
    }

    long u64() throws MalformedException {
      long v = 0;
      for (int i = 0; i < 8; i++) v |= (long) u8() << (8 * i);
      return v;
    }

    /** An unsigned LEB128 varint of at most 64 bits; values above 2^63 come back negative. */
    long varint() throws MalformedException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        if (shift == 63 && x > 1) throw new MalformedException("varint wider than 64 bits");
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new MalformedException("varint wider than 64 bits");
    }

    /** A count of items taking at least {@code minBytes} bytes each, checked against the bytes left. */
    long count(int minBytes) throws MalformedException {
      long n = varint();
      if (n < 0 || n > left() / Math.max(1, minBytes) + 1) throw new MalformedException("count " + Long.toUnsignedString(n) + " exceeds the " + left() + " bytes left");
      return n;
    }

    void skip(long n) throws MalformedException {
      if (n < 0 || n > left()) throw new MalformedException("ends early");
      pos += (int) n;
    }

    byte[] bytes(long n) throws MalformedException {
      if (n < 0 || n > left()) throw new MalformedException("a value of " + n + " bytes runs past the end");
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
      pos += (int) n;
      return out;
    }

    String text(int n) throws MalformedException {
      return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    void end() throws MalformedException {
      if (pos != end) throw new MalformedException((end - pos) + " unexpected bytes after the last field");
    }
  }
}
