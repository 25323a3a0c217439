package io.modelvet.formats.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zips of stored (uncompressed) members straight to a file, with ZIP64 records when asked
 * or needed. Big zero-filled members are left as holes ({@link #addZeros}), so multi-gigabyte
 * test archives are sparse files that take no disk space. Test and benchmark use only.
 */
public final class StoredZipWriter implements Closeable {
  private static final long MAX32 = 0xffffffffL;

  private final RandomAccessFile out;
  private final boolean zip64;
  private final List<Entry> entries = new ArrayList<>();

  private record Entry(byte[] name, long crc, long size, long offset) {}

  public StoredZipWriter(RandomAccessFile out, boolean zip64) {
    this.out = out;
    this.zip64 = zip64;
  }

  /** Adds a stored member with this content. */
  public void add(String name, byte[] data) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(data);
    header(name, crc.getValue(), data.length);
    out.write(data);
  }

  /** Adds a stored member of {@code size} zero bytes without writing them (a hole). */
  public void addZeros(String name, long size) throws IOException {
    header(name, 0, size);
    out.seek(out.getFilePointer() + size);
  }

  private void header(String name, long crc, long size) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    long offset = out.getFilePointer();
    boolean big = zip64 || size >= MAX32;
    ByteBuffer b = le(30 + n.length + (big ? 20 : 0));
    b.putInt(0x04034b50).putShort((short) 45).putShort((short) 0x800).putShort((short) 0).putInt(0).putInt((int) crc);
    b.putInt((int) (big ? MAX32 : size)).putInt((int) (big ? MAX32 : size));
    b.putShort((short) n.length).putShort((short) (big ? 20 : 0)).put(n);
    if (big) b.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
    out.write(b.array());
    entries.add(new Entry(n, crc, size, offset));
  }

  /** Writes the central directory and end records. */
  public void finish() throws IOException {
    long cdStart = out.getFilePointer();
    for (Entry e : entries) {
      boolean big = zip64 || e.size >= MAX32 || e.offset >= MAX32;
      ByteBuffer b = le(46 + e.name.length + (big ? 28 : 0));
      b.putInt(0x02014b50).putShort((short) 0x031e).putShort((short) 45).putShort((short) 0x800).putShort((short) 0).putInt(0).putInt((int) e.crc);
      b.putInt((int) (big ? MAX32 : e.size)).putInt((int) (big ? MAX32 : e.size));
      b.putShort((short) e.name.length).putShort((short) (big ? 28 : 0)).putShort((short) 0).putShort((short) 0).putShort((short) 0);
      b.putInt(0100644 << 16).putInt((int) (big ? MAX32 : e.offset)).put(e.name);
      if (big) b.putShort((short) 1).putShort((short) 24).putLong(e.size).putLong(e.size).putLong(e.offset);
      out.write(b.array());
    }
    long cdEnd = out.getFilePointer();
    long cdSize = cdEnd - cdStart;
    boolean big = zip64 || cdStart >= MAX32 || entries.size() >= 0xffff;
    if (big) {
      ByteBuffer r = le(56 + 20);
      r.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0);
      r.putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdStart);
      r.putInt(0x07064b50).putInt(0).putLong(cdEnd).putInt(1);
      out.write(r.array());
    }
    ByteBuffer eocd = le(22);
    eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    short count = (short) (big ? 0xffff : entries.size());
    eocd.putShort(count).putShort(count).putInt((int) (big ? MAX32 : cdSize)).putInt((int) (big ? MAX32 : cdStart)).putShort((short) 0);
    out.write(eocd.array());
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
