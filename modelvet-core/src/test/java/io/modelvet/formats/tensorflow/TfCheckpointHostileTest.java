package io.modelvet.formats.tensorflow;

import static io.modelvet.formats.graph.GraphFixtures.scanBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Hand-built checkpoint index tables with lying handles. */
class TfCheckpointHostileTest {

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** A block of unshared entries with one restart point (contents only, no trailer). */
  private static byte[] block(byte[][] keys, byte[][] values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < keys.length; i++) {
      varint(b, 0);
      varint(b, keys[i].length);
      varint(b, values[i].length);
      b.writeBytes(keys[i]);
      b.writeBytes(values[i]);
    }
    b.writeBytes(new byte[] {0, 0, 0, 0, 1, 0, 0, 0});
    return b.toByteArray();
  }

  private static byte[] handle(long offset, long size) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    varint(b, offset);
    varint(b, size);
    return b.toByteArray();
  }

  private static byte[] table(byte[] data, int indexEntries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(data);
    out.writeBytes(new byte[5]); // trailer: no compression, crc not checked
    byte[][] keys = new byte[indexEntries][];
    byte[][] values = new byte[indexEntries][];
    for (int i = 0; i < indexEntries; i++) {
      keys[i] = new byte[] {(byte) ('a' + i % 26), (byte) i};
      values[i] = handle(0, data.length); // every handle points at the same data block
    }
    byte[] index = block(keys, values);
    long indexOffset = out.size();
    out.writeBytes(index);
    out.writeBytes(new byte[5]);
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    footer.writeBytes(handle(0, 0));
    footer.writeBytes(handle(indexOffset, index.length));
    byte[] f = java.util.Arrays.copyOf(footer.toByteArray(), 48);
    long magic = TfCheckpointScanner.TABLE_MAGIC;
    for (int i = 0; i < 8; i++) f[40 + i] = (byte) (magic >>> (8 * i));
    out.writeBytes(f);
    return out.toByteArray();
  }

  @Test
  void aWellFormedTableWithOneEntryIsClean() {
    byte[] entry = {0x08, 0x01, 0x20, 0x00, 0x28, 0x04}; // dtype, offset 0, size 4
    byte[] data = block(new byte[][] {"w".getBytes()}, new byte[][] {entry});
    FileResult r = scanBytes("variables.index", table(data, 1)).get(0);
    assertThat(r.format()).isEqualTo("tf-checkpoint");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void indexHandlesReusingOneBlockAreRefusedNotReadForever() {
    byte[] entry = {0x08, 0x01, 0x20, 0x00, 0x28, 0x04};
    byte[][] keys = new byte[200][];
    byte[][] values = new byte[200][];
    for (int i = 0; i < 200; i++) {
      keys[i] = ("w" + i).getBytes();
      values[i] = entry;
    }
    byte[] data = block(keys, values);
    FileResult r = scanBytes("variables.index", table(data, 500)).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("overlap");
  }

  @Test
  void entryInAShardBeyondTheHeaderIsReported() {
    byte[] header = {0x08, 0x01};
    byte[] entry = {0x08, 0x01, 0x18, 0x07, 0x20, 0x00, 0x28, 0x04}; // shard 7
    byte[] data = block(new byte[][] {new byte[0], "w".getBytes()}, new byte[][] {header, entry});
    FileResult r = scanBytes("variables.index", table(data, 1)).get(0);
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("tf.checkpoint-entry-out-of-range") && f.evidence().equals("shard=7"));
  }
}
