package io.modelvet.formats.common;

import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds-checked FlatBuffers reading over a {@link ByteSource} (TFLite, ExecuTorch, CatBoost): tables, vtables, vectors and
 * strings at absolute offsets, read through a small page cache so a multi-gigabyte model costs a
 * few pages of memory. Every offset is checked against the file before use; anything outside
 * becomes a {@link MalformedException} instead of an index error.
 */
public final class FlatReader {
  private static final int PAGE = 1 << 16;
  private static final int PAGES = 32;

  private final ByteSource source;
  private final long size;
  private final Map<Long, byte[]> cache =
      new LinkedHashMap<>(PAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
          return size() > PAGES;
        }
      };

  public FlatReader(ByteSource source) {
    this.source = source;
    this.size = source.size();
  }

  public long size() {
    return size;
  }

  public int u8(long pos) throws IOException {
    if (pos < 0 || pos >= size) throw new MalformedException("flatbuffer offset " + pos + " outside the file of " + size + " bytes");
    long page = pos / PAGE;
    byte[] p = cache.get(page);
    if (p == null) {
      long start = page * PAGE;
      p = source.readFully(start, (int) Math.min(PAGE, size - start));
      cache.put(page, p);
    }
    return p[(int) (pos - page * PAGE)] & 0xff;
  }

  public int u16(long pos) throws IOException {
    return u8(pos) | u8(pos + 1) << 8;
  }

  public long u32(long pos) throws IOException {
    return (long) u8(pos) | (long) u8(pos + 1) << 8 | (long) u8(pos + 2) << 16 | (long) u8(pos + 3) << 24;
  }

  public int i32(long pos) throws IOException {
    return (int) u32(pos);
  }

  public long u64(long pos) throws IOException {
    return u32(pos) | u32(pos + 4) << 32;
  }

  /** The root table's position (the uoffset at the start of the buffer). */
  public long root() throws IOException {
    return target(0);
  }

  /** Follows the uoffset stored at {@code pos}. */
  public long target(long pos) throws IOException {
    long t = pos + u32(pos);
    if (t >= size) throw new MalformedException("flatbuffer reference at " + pos + " points past the end");
    return t;
  }

  /**
   * Position of field {@code index} of the table at {@code table}, or -1 when absent (vtable
   * entry missing or zero).
   */
  public long field(long table, int index) throws IOException {
    long vtable = table - i32(table);
    int vtableSize = u16(vtable);
    int tableSize = u16(vtable + 2);
    if (vtableSize < 4 || (vtableSize & 1) != 0) throw new MalformedException("invalid vtable size " + vtableSize + " at " + vtable);
    int entry = 4 + 2 * index;
    if (entry + 2 > vtableSize) return -1;
    int off = u16(vtable + entry);
    if (off == 0) return -1;
    if (off >= tableSize && tableSize != 0)
      throw new MalformedException("field " + index + " of table at " + table + " lies outside the table");
    return table + off;
  }

  public long u32Field(long table, int index, long dflt) throws IOException {
    long p = field(table, index);
    return p < 0 ? dflt : u32(p);
  }

  public int i32Field(long table, int index, int dflt) throws IOException {
    long p = field(table, index);
    return p < 0 ? dflt : i32(p);
  }

  public int i8Field(long table, int index, int dflt) throws IOException {
    long p = field(table, index);
    return p < 0 ? dflt : (byte) u8(p);
  }

  public long u64Field(long table, int index, long dflt) throws IOException {
    long p = field(table, index);
    return p < 0 ? dflt : u64(p);
  }

  /** The vector referenced by field {@code index}: its element start, or -1 when absent. */
  public long vector(long table, int index) throws IOException {
    long p = field(table, index);
    return p < 0 ? -1 : target(p);
  }

  /** Element count of the vector at {@code vec}, checked to fit in the file at {@code elemSize}. */
  public long length(long vec, int elemSize) throws IOException {
    long n = u32(vec);
    if (n * elemSize > size - vec - 4) throw new MalformedException("vector of " + n + " elements at " + vec + " runs past the end");
    return n;
  }

  /** The table at element {@code i} of a vector of tables. */
  public long tableAt(long vec, long i) throws IOException {
    return target(vec + 4 + 4 * i);
  }

  /** The string referenced by field {@code index}, at most {@code max} bytes, or null when absent. */
  public String string(long table, int index, int max) throws IOException {
    long p = field(table, index);
    return p < 0 ? null : stringAt(p, max);
  }

  /** The string referenced by the uoffset at {@code pos} (a field or a vector element), at most {@code max} bytes. */
  public String stringAt(long pos, int max) throws IOException {
    long s = target(pos);
    long n = length(s, 1);
    if (n > max) throw new MalformedException("string of " + n + " bytes at " + s + " exceeds " + max);
    byte[] b = source.readFully(s + 4, (int) n);
    return new String(b, StandardCharsets.UTF_8);
  }
}
