package io.modelvet.formats.archive;

import java.nio.charset.StandardCharsets;

/**
 * One central-directory entry of a zip, with the sizes and offset resolved from ZIP64 extras.
 *
 * @param index position in the central directory
 * @param rawName name bytes as stored
 * @param name decoded name (UTF-8, or ISO-8859-1 when the bytes are not valid UTF-8)
 * @param flags general-purpose bit flags from the central directory
 * @param method compression method (0 stored, 8 deflate, ...)
 * @param crc declared CRC-32
 * @param compressedSize declared compressed size
 * @param size declared uncompressed size
 * @param localHeaderOffset offset of the local header (already corrected for prepended data)
 * @param versionMadeBy "version made by" (high byte = host system, 3 = Unix)
 * @param externalAttributes external attributes (Unix mode in the high 16 bits)
 */
public record ZipEntryRecord(
    int index,
    byte[] rawName,
    String name,
    int flags,
    int method,
    long crc,
    long compressedSize,
    long size,
    long localHeaderOffset,
    int versionMadeBy,
    long externalAttributes) {

  static final int FLAG_ENCRYPTED = 0x1;
  static final int FLAG_COMPRESSED_PATCHED = 0x20;
  static final int FLAG_STRONG_ENCRYPTION = 0x40;

  /** True when the entry is a folder (name ends with a slash). */
  public boolean isDirectory() {
    return name.endsWith("/");
  }

  /** Unix file mode, or 0 when the entry was not written on a Unix-like host. */
  public int unixMode() {
    int host = versionMadeBy >>> 8;
    return host == 3 || host == 19 ? (int) (externalAttributes >>> 16) & 0xffff : 0;
  }

  /** True when the Unix mode marks a symbolic link. */
  public boolean isSymlink() {
    return (unixMode() & 0170000) == 0120000;
  }

  static String decodeName(byte[] raw) {
    String utf8 = new String(raw, StandardCharsets.UTF_8);
    return utf8.indexOf('\uFFFD') >= 0 ? new String(raw, StandardCharsets.ISO_8859_1) : utf8;
  }
}
