package io.modelvet.formats.archive;

import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory by hand, as leniently as PyTorch's reader: the end record is
 * searched from the end, ZIP64 records and extras are honoured, data prepended to the archive is
 * tolerated (and reported), and nothing is rejected for flag bits or CRCs. Counts and name
 * lengths are bounded before anything is allocated.
 */
public final class ZipDirectory {
  static final int EOCD = 0x06054b50;
  static final int ZIP64_EOCD = 0x06064b50;
  static final int ZIP64_LOCATOR = 0x07064b50;
  static final int CENTRAL = 0x02014b50;
  static final int LOCAL = 0x04034b50;
  private static final int MAX_TAIL = 22 + 0xffff;

  private final List<ZipEntryRecord> entries;
  private final boolean truncatedByBudget;
  private final List<String> anomalies;

  private ZipDirectory(List<ZipEntryRecord> entries, boolean truncatedByBudget, List<String> anomalies) {
    this.entries = entries;
    this.truncatedByBudget = truncatedByBudget;
    this.anomalies = anomalies;
  }

  public List<ZipEntryRecord> entries() {
    return entries;
  }

  /** True when the directory lists more entries than the budget allowed to read. */
  public boolean truncatedByBudget() {
    return truncatedByBudget;
  }

  /** Structural oddities seen while reading the directory, for the scanner to report. */
  public List<String> anomalies() {
    return anomalies;
  }

  /** Reads the central directory, failing with {@link MalformedException} when there is none. */
  public static ZipDirectory read(ByteSource src, int maxEntries) throws IOException {
    long size = src.size();
    int tailLen = (int) Math.min(size, MAX_TAIL);
    byte[] tail = src.readFully(size - tailLen, tailLen);
    long eocd = -1;
    for (int i = tailLen - 22; i >= 0; i--) {
      if (le32(tail, i) == EOCD && i + 22 + le16(tail, i + 20) <= tailLen) {
        eocd = size - tailLen + i;
        break;
      }
    }
    if (eocd < 0) throw new MalformedException("no zip end-of-central-directory record");
    int at = (int) (eocd - (size - tailLen));
    long total = le16(tail, at + 10);
    long cdSize = le32(tail, at + 12) & 0xffffffffL;
    long cdOffset = le32(tail, at + 16) & 0xffffffffL;
    long cdEnd = eocd;
    List<String> anomalies = new ArrayList<>();
    if (eocd >= 20 && le32(src.readFully(eocd - 20, 20), 0) == ZIP64_LOCATOR) {
      byte[] loc = src.readFully(eocd - 20, 20);
      long recOffset = le64(loc, 8);
      if (recOffset >= 0 && recOffset + 56 <= size) {
        byte[] rec = src.readFully(recOffset, 56);
        if (le32(rec, 0) == ZIP64_EOCD) {
          total = le64(rec, 32);
          cdSize = le64(rec, 40);
          cdOffset = le64(rec, 48);
          cdEnd = recOffset;
        }
      }
    }
    long delta = 0;
    if (total > 0 && !signatureAt(src, cdOffset, CENTRAL)) {
      long guess = cdEnd - cdSize;
      if (guess >= 0 && signatureAt(src, guess, CENTRAL)) {
        delta = guess - cdOffset;
        anomalies.add(delta + " bytes precede the archive (the directory offsets are shifted); such files can be two formats at once");
      } else {
        throw new MalformedException("zip central directory not found at offset " + cdOffset);
      }
    }
    List<ZipEntryRecord> entries = new ArrayList<>();
    boolean overBudget = false;
    SourceReader r = SourceReader.of(src, cdOffset + delta);
    for (long i = 0; i < total; i++) {
      if (entries.size() >= maxEntries) {
        overBudget = true;
        break;
      }
      if (r.remaining() < 46 || r.readI32() != CENTRAL) {
        anomalies.add("the directory announces " + total + " entries but only " + entries.size() + " could be read");
        break;
      }
      entries.add(readEntry(r, entries.size(), delta));
    }
    return new ZipDirectory(entries, overBudget, anomalies);
  }

  private static ZipEntryRecord readEntry(SourceReader r, int index, long delta) throws IOException {
    int madeBy = r.readU16();
    r.readU16(); // version needed
    int flags = r.readU16();
    int method = r.readU16();
    r.readI32(); // time, date
    long crc = r.readU32();
    long csize = r.readU32();
    long usize = r.readU32();
    int nameLen = r.readU16();
    int extraLen = r.readU16();
    int commentLen = r.readU16();
    r.readU16(); // disk
    r.readU16(); // internal attributes
    long external = r.readU32();
    long offset = r.readU32();
    byte[] name = r.readBytes(nameLen, 0xffff);
    byte[] extra = r.readBytes(extraLen, 0xffff);
    r.skip(commentLen);
    for (int p = 0; p + 4 <= extra.length; ) {
      int id = le16(extra, p);
      int len = le16(extra, p + 2);
      int q = p + 4;
      if (q + len > extra.length) break;
      if (id == 0x0001) {
        if (usize == 0xffffffffL && q + 8 <= p + 4 + len) {
          usize = le64(extra, q);
          q += 8;
        }
        if (csize == 0xffffffffL && q + 8 <= p + 4 + len) {
          csize = le64(extra, q);
          q += 8;
        }
        if (offset == 0xffffffffL && q + 8 <= p + 4 + len) offset = le64(extra, q);
      }
      p += 4 + len;
    }
    return new ZipEntryRecord(index, name, ZipEntryRecord.decodeName(name), flags, method, crc, csize, usize, offset + delta, madeBy, external);
  }

  /** The local header of an entry: where its data starts and what the header itself claims. */
  public record LocalHeader(long dataOffset, byte[] rawName, int flags, int method) {}

  /** Reads the local header of {@code e}; fails when there is none at the recorded offset. */
  public static LocalHeader local(ByteSource src, ZipEntryRecord e) throws IOException {
    long off = e.localHeaderOffset();
    if (off < 0 || off + 30 > src.size()) throw new MalformedException("local header of " + e.name() + " lies outside the file");
    byte[] h = src.readFully(off, 30);
    if (le32(h, 0) != LOCAL) throw new MalformedException("no local header at offset " + off + " for " + e.name());
    int flags = le16(h, 6);
    int method = le16(h, 8);
    int nameLen = le16(h, 26);
    int extraLen = le16(h, 28);
    if (off + 30 + nameLen > src.size()) throw new MalformedException("local name of " + e.name() + " runs past the end");
    byte[] name = src.readFully(off + 30, nameLen);
    return new LocalHeader(off + 30 + nameLen + extraLen, name, flags, method);
  }

  private static boolean signatureAt(ByteSource src, long pos, int sig) throws IOException {
    if (pos < 0 || pos + 4 > src.size()) return false;
    return le32(src.readFully(pos, 4), 0) == sig;
  }

  static int le16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static int le32(byte[] b, int i) {
    return le16(b, i) | le16(b, i + 2) << 16;
  }

  static long le64(byte[] b, int i) {
    return (le32(b, i) & 0xffffffffL) | (long) le32(b, i + 4) << 32;
  }
}
