package io.modelvet.formats.coreml;

import io.modelvet.engine.ScanContext;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The MIL blob storage file that holds an ML Program's weights ({@code weights/weight.bin} in an
 * {@code .mlpackage}), after coremltools' {@code MILBlob/Blob/StorageFormat.hpp}: a 64-byte
 * {@code storage_header} (u32 blob count, u32 version = 2, 56 reserved bytes), then per blob a
 * 64-byte {@code blob_metadata} (u32 sentinel 0xDEADBEEF, u32 data type, u64 size in bytes, u64
 * data offset, reserved) at a 64-byte aligned offset, followed by the blob's bytes. The writer puts
 * each blob's data right after its metadata; an ML Program constant names the metadata offset.
 * Every size and offset is checked against the file before it is trusted.
 */
final class MilBlobFile {
  static final int HEADER = 64;
  static final int METADATA = 64;
  static final long SENTINEL = 0xDEADBEEFL;
  static final int VERSION = 2;
  /** BlobDataType values 1 (Float16) .. 17 (Float8E5M2) of MILBlob/Blob/BlobDataType.hpp. */
  static final int MAX_DTYPE = 17;

  /** One blob: where its metadata sits and the data range it declares. */
  record Blob(long metadata, int dtype, long data, long size) {}

  /** The blobs read in order, the first defect (null when none), and where the last blob ends. */
  record Layout(List<Blob> blobs, long count, String defect, long defectAt, long end) {
    boolean hasMetadataAt(long offset) {
      for (Blob b : blobs) if (b.metadata == offset) return true;
      return false;
    }
  }

  private MilBlobFile() {}

  /** True when {@code b} starts like a blob storage file: version 2, zero reserved header, a sentinel at 64 or no blobs. */
  static boolean looksLike(byte[] b, long fileSize) {
    if (b.length < HEADER || u32(b, 4) != VERSION) return false;
    for (int i = 8; i < HEADER; i++) if (b[i] != 0) return false;
    long count = u32(b, 0);
    if (count == 0) return fileSize == HEADER;
    return b.length >= HEADER + 4 && u32(b, HEADER) == SENTINEL;
  }

  /**
   * Walks the blobs the header counts, as the writer lays them out, stopping at the first defect.
   * At most {@code maxBlobs} are kept (the count is checked against the file size first).
   */
  static Layout read(ByteSource src, int maxBlobs, ScanContext ctx) throws IOException {
    long size = src.size();
    List<Blob> blobs = new ArrayList<>();
    if (size < HEADER) return new Layout(blobs, 0, "the file is shorter than the 64-byte storage header", 0, 0);
    byte[] h = src.readFully(0, HEADER);
    long count = u32(h, 0);
    if (u32(h, 4) != VERSION) return new Layout(blobs, count, "storage version " + u32(h, 4) + " (Core ML reads only version 2)", 4, HEADER);
    if (count > (size - HEADER) / METADATA)
      return new Layout(blobs, count, "the header counts " + count + " blobs, more than the " + size + "-byte file can hold", 0, HEADER);
    long pos = HEADER;
    for (long i = 0; i < count; i++) {
      if ((i & 0xff) == 0) ctx.checkDeadline();
      long meta = align(pos);
      if (meta + METADATA > size) return new Layout(blobs, count, "blob " + i + " of " + count + ": its header at offset " + meta + " lies past the end of the " + size + "-byte file", meta, pos);
      byte[] m = src.readFully(meta, METADATA);
      if (u32(m, 0) != SENTINEL) return new Layout(blobs, count, "blob " + i + " of " + count + ": no 0xDEADBEEF sentinel at offset " + meta, meta, pos);
      int dtype = (int) u32(m, 4);
      long bytes = u64(m, 8);
      long data = u64(m, 16);
      if (dtype < 1 || dtype > MAX_DTYPE) return new Layout(blobs, count, "blob " + i + " at offset " + meta + ": unknown data type " + Integer.toUnsignedString(dtype), meta + 4, pos);
      if (data < meta + METADATA || data > size || bytes < 0 || bytes > size - data)
        return new Layout(blobs, count, "blob " + i + " at offset " + meta + ": " + Long.toUnsignedString(bytes) + " bytes at offset " + Long.toUnsignedString(data) + " do not fit after its header in the " + size + "-byte file", meta + 8, pos);
      if (blobs.size() < maxBlobs) blobs.add(new Blob(meta, dtype, data, bytes));
      pos = data + bytes;
    }
    return new Layout(blobs, count, null, -1, pos);
  }

  static long align(long pos) {
    return (pos + 63) & ~63L;
  }

  private static long u32(byte[] b, int i) {
    return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
  }

  private static long u64(byte[] b, int i) {
    return u32(b, i) | u32(b, i + 4) << 32;
  }
}
