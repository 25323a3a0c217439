package io.modelvet.formats.tensorflow;

import io.modelvet.engine.Head;
import io.modelvet.engine.FolderView;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorFlow checkpoints (tensor bundles): {@code variables.index}, a LevelDB-format table mapping
 * tensor names to (shard, offset, size), and {@code variables.data-NNNNN-of-NNNNN} shards of raw
 * tensor bytes. Checkpoints hold data only.
 *
 * <p>The index is recognised by the table footer's magic number and parsed: every entry must lie
 * inside its shard, and the shards must exist. A data shard has no magic number, so content alone
 * cannot identify it: it is accepted as checkpoint data only when its name has the shard pattern
 * <em>and</em> a valid index with the same prefix sits next to it (the shard is never interpreted,
 * so the name only decides whether it is reported as unrecognised). A shard without its index stays
 * inconclusive.
 */
public final class TfCheckpointScanner implements Scanner {
  static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
  static final int FOOTER = 48;
  static final long MAX_ENTRIES = 10_000_000;
  private static final Pattern SHARD = Pattern.compile("(.*)\\.data-(\\d{5})-of-(\\d{5})");
  private static final int ENTRY_SHARD = 3 << 3 | ProtoReader.VARINT;
  private static final int ENTRY_OFFSET = 4 << 3 | ProtoReader.VARINT;
  private static final int ENTRY_SIZE = 5 << 3 | ProtoReader.VARINT;
  private static final int HEADER_SHARDS = 1 << 3 | ProtoReader.VARINT;

  @Override
  public String format() {
    return "tf-checkpoint";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("index");
  }

  /**
   * 90 for a table footer magic; 2 for a shard-named file: a weak claim (see class doc) that any
   * content-based scanner outbids, but above the catch-all claim on raw external-data files.
   */
  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    if (hasTableMagic(head.source())) return 90;
    return SHARD.matcher(head.name()).matches() ? 2 : 0;
  }

  static boolean hasTableMagic(ByteSource src) {
    try {
      long size = src.size();
      if (size < FOOTER) return false;
      byte[] m = src.readFully(size - 8, 8);
      long v = 0;
      for (int i = 7; i >= 0; i--) v = v << 8 | (m[i] & 0xff);
      return v == TABLE_MAGIC;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    if (hasTableMagic(ctx.source())) {
      scanIndex(ctx);
    } else {
      scanShard(ctx);
    }
  }

  private void scanShard(ScanContext ctx) {
    ctx.setFormat("tf-checkpoint-data");
    String index = siblingIndex(ctx);
    if (index == null) {
      ctx.inconclusive("raw bytes named like a checkpoint data shard, without a valid variables.index next to it: not analysed");
    }
  }

  /** The name of a valid {@code .index} next to this data shard, or null. */
  private static String siblingIndex(ScanContext ctx) {
    FolderView folder = ctx.folder();
    if (folder == null) return null;
    Matcher m = SHARD.matcher(baseName(ctx.path()));
    if (!m.matches()) return null;
    String index = m.group(1) + ".index";
    try {
      if (folder.size(index) < 0) return null;
      try (ByteSource src = folder.open(index)) {
        return hasTableMagic(src) ? index : null;
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private void scanIndex(ScanContext ctx) throws IOException {
    ByteSource src = ctx.source();
    byte[] footer = src.readFully(src.size() - FOOTER, FOOTER);
    ProtoReader f = ProtoReader.of(new ArrayByteSource(footer), 0, 40);
    f.readVarint(); // metaindex offset
    f.readVarint(); // metaindex size
    long indexOffset = f.readVarint();
    long indexSize = f.readVarint();
    Map<Integer, Long> shardEnds = new HashMap<>();
    long[] numShards = {1};
    long[] entries = {0};
    byte[] indexBlock = block(ctx, indexOffset, indexSize);
    // Data blocks never overlap in a real table, so reading more than the file's size means a
    // hostile index points many handles at the same block.
    long[] blockBytes = {0};
    long readLimit = src.size();
    forEachEntry(indexBlock, (key, value) -> {
      ctx.checkDeadline();
      ProtoReader h = ProtoReader.of(new ArrayByteSource(value), 0, value.length);
      long off = h.readVarint();
      long size = h.readVarint();
      blockBytes[0] += size;
      if (blockBytes[0] > readLimit) throw new MalformedException("checkpoint index blocks overlap (more bytes than the file holds)");
      byte[] data = block(ctx, off, size);
      forEachEntry(data, (k, v) -> {
        if (++entries[0] > MAX_ENTRIES) throw new MalformedException("more than " + MAX_ENTRIES + " checkpoint entries");
        if ((entries[0] & 1023) == 0) ctx.checkDeadline();
        if (k.length == 0) numShards[0] = header(v);
        else entry(ctx, new String(k, java.nio.charset.StandardCharsets.UTF_8), v, shardEnds);
      });
    });
    checkShards(ctx, numShards[0], shardEnds);
  }

  private long header(byte[] v) throws IOException {
    ProtoReader r = ProtoReader.of(new ArrayByteSource(v), 0, v.length);
    long shards = 1;
    while (r.next()) {
      if (r.tag() == HEADER_SHARDS) shards = r.readVarint();
      else r.skip();
    }
    return shards;
  }

  private void entry(ScanContext ctx, String name, byte[] v, Map<Integer, Long> shardEnds) throws IOException {
    ProtoReader r = ProtoReader.of(new ArrayByteSource(v), 0, v.length);
    long shard = 0;
    long offset = 0;
    long size = 0;
    while (r.next()) {
      switch (r.tag()) {
        case ENTRY_SHARD -> shard = r.readVarint();
        case ENTRY_OFFSET -> offset = r.readVarint();
        case ENTRY_SIZE -> size = r.readVarint();
        default -> r.skip();
      }
    }
    if (shard < 0 || shard > 99_999 || offset < 0 || size < 0 || offset > Long.MAX_VALUE - size) {
      ctx.report("tf.checkpoint-entry-out-of-range", -1, "Checkpoint entry '" + name + "' has an impossible location (shard " + shard + ", offset " + offset + ", size " + size + ").", "shard=" + shard + " offset=" + offset + " size=" + size);
      return;
    }
    shardEnds.merge((int) shard, offset + size, Math::max);
  }

  private void checkShards(ScanContext ctx, long numShards, Map<Integer, Long> shardEnds) throws IOException {
    if (numShards < 1 || numShards > 99_999) {
      ctx.report("tf.checkpoint-entry-out-of-range", -1, "The checkpoint header declares " + numShards + " shards.", "num_shards=" + numShards);
      return;
    }
    for (Map.Entry<Integer, Long> e : shardEnds.entrySet()) {
      if (e.getKey() >= numShards)
        ctx.report("tf.checkpoint-entry-out-of-range", -1, "A checkpoint entry lives in shard " + e.getKey() + ", but the header declares only " + numShards + " shards.", "shard=" + e.getKey());
    }
    FolderView folder = ctx.folder();
    if (folder == null || !ctx.path().endsWith(".index")) return;
    String base = baseName(ctx.path());
    String prefix = base.substring(0, base.length() - ".index".length());
    for (int i = 0; i < numShards; i++) {
      String shard = String.format("%s.data-%05d-of-%05d", prefix, i, numShards);
      long have = folder.size(shard);
      if (have < 0) {
        ctx.report("tf.checkpoint-shard-missing", -1, "Checkpoint data shard " + shard + " is missing; the variables cannot be restored as shipped.", shard);
        continue;
      }
      long need = shardEnds.getOrDefault(i, 0L);
      if (need > have) {
        ctx.report(
            "tf.checkpoint-entry-out-of-range",
            -1,
            "Checkpoint entries point up to byte " + need + " of " + shard + ", which has only " + have + " bytes.",
            shard + " needs " + need + " bytes, has " + have);
      }
    }
  }

  /** Reads a table block (contents only) after checking the handle and its 5-byte trailer. */
  private static byte[] block(ScanContext ctx, long offset, long size) throws IOException {
    long fileSize = ctx.source().size();
    if (offset < 0 || size < 0 || offset > fileSize || size + 5 > fileSize - offset)
      throw new MalformedException("table block handle " + offset + "+" + size + " outside the file");
    if (size > ctx.budgets().maxOperandBytes()) throw new MalformedException("table block of " + size + " bytes exceeds the budget");
    byte[] b = ctx.source().readFully(offset, (int) size + 1);
    if (b[(int) size] != 0) throw new MalformedException("compressed checkpoint table blocks are not supported");
    return java.util.Arrays.copyOf(b, (int) size);
  }

  /** Callback for one key/value of a block. */
  @FunctionalInterface
  private interface EntryVisitor {
    void visit(byte[] key, byte[] value) throws IOException;
  }

  /** Decodes a LevelDB block's prefix-compressed entries. */
  private static void forEachEntry(byte[] block, EntryVisitor visitor) throws IOException {
    if (block.length < 4) throw new MalformedException("table block too short");
    long restarts = (block[block.length - 4] & 0xffL) | (block[block.length - 3] & 0xffL) << 8 | (block[block.length - 2] & 0xffL) << 16 | (block[block.length - 1] & 0xffL) << 24;
    long end = block.length - 4 - 4 * restarts;
    if (restarts < 1 || end < 0) throw new MalformedException("invalid restart array in table block");
    ProtoReader r = ProtoReader.of(new ArrayByteSource(block), 0, end);
    byte[] key = new byte[0];
    while (r.remaining() > 0) {
      long shared = r.readVarint();
      long unshared = r.readVarint();
      long valueLength = r.readVarint();
      if (shared > key.length || unshared < 0 || valueLength < 0 || unshared + valueLength > r.remaining())
        throw new MalformedException("invalid table entry at " + r.position());
      long start = r.position();
      byte[] next = java.util.Arrays.copyOf(key, (int) (shared + unshared));
      System.arraycopy(block, (int) start, next, (int) shared, (int) unshared);
      byte[] value = java.util.Arrays.copyOfRange(block, (int) (start + unshared), (int) (start + unshared + valueLength));
      r.skipRaw(unshared + valueLength);
      key = next;
      visitor.visit(key, value);
    }
  }
}
