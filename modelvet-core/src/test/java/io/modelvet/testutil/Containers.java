package io.modelvet.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Builds containers in memory for tests, written by the JDK or commons-compress (the writers
 * real tools use), so that a test can put any payload at any depth. Entries are given as
 * alternating {@code (String name, byte[] content)} pairs.
 */
public final class Containers {
  private Containers() {}

  /** A zip written by the JDK (deflated). */
  public static byte[] zip(Object... nameAndBytes) {
    return zipAtLevel(java.util.zip.Deflater.DEFAULT_COMPRESSION, nameAndBytes);
  }

  /** A zip written by the JDK at a deflate level (0 still deflates; use StoredZipWriter for STORED). */
  public static byte[] zipAtLevel(int level, Object... nameAndBytes) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bos)) {
      z.setLevel(level);
      for (int i = 0; i < nameAndBytes.length; i += 2) {
        z.putNextEntry(new ZipEntry((String) nameAndBytes[i]));
        z.write((byte[]) nameAndBytes[i + 1]);
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  /** A POSIX tar (commons-compress). */
  public static byte[] tar(Object... nameAndBytes) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bos)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (int i = 0; i < nameAndBytes.length; i += 2) {
        byte[] data = (byte[]) nameAndBytes[i + 1];
        TarArchiveEntry e = new TarArchiveEntry((String) nameAndBytes[i]);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  /** A 7z archive (commons-compress, LZMA2). */
  public static byte[] sevenZ(Object... nameAndBytes) {
    SeekableInMemoryByteChannel ch = new SeekableInMemoryByteChannel();
    try (SevenZOutputFile z = new SevenZOutputFile(ch)) {
      for (int i = 0; i < nameAndBytes.length; i += 2) {
        byte[] data = (byte[]) nameAndBytes[i + 1];
        SevenZArchiveEntry e = new SevenZArchiveEntry();
        e.setName((String) nameAndBytes[i]);
        e.setSize(data.length);
        z.putArchiveEntry(e);
        z.write(data);
        z.closeArchiveEntry();
      }
      z.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.Arrays.copyOf(ch.array(), (int) ch.size());
  }

  public static byte[] gzip(byte[] data) {
    return compress(data, 'g');
  }

  public static byte[] bzip2(byte[] data) {
    return compress(data, 'b');
  }

  public static byte[] xz(byte[] data) {
    return compress(data, 'x');
  }

  private static byte[] compress(byte[] data, char kind) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = kind == 'g' ? new GZIPOutputStream(bos) : kind == 'b' ? new BZip2CompressorOutputStream(bos) : new XZCompressorOutputStream(bos)) {
      o.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  /**
   * A version-1 {@code .npy}: magic, version, header length, the header dict padded with spaces to
   * a multiple of 64 bytes and ending in a newline (as numpy writes it), then {@code data}.
   */
  public static byte[] npy(String dict, byte[] data) {
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String header = dict + " ".repeat(total - unpadded) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** A one-element object array ({@code dtype=object}): its data is a pickle, as {@code np.save} writes it. */
  public static byte[] npyObjects(byte[] pickle) {
    return npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", pickle);
  }

  /** A {@code torch.save} zip (PyTorch 1.6+) whose {@code data.pkl} is {@code dataPkl}. */
  public static byte[] torchZip(String folder, byte[] dataPkl) {
    return zip(folder + "/data.pkl", dataPkl, folder + "/byteorder", ascii("little"), folder + "/version", ascii("3\n"));
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
