package io.modelvet.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * A stream (standard input) made random-access for scanning: up to {@code memoryLimit} bytes are
 * kept in memory; a longer stream is copied as-is to an owner-only temporary file that is deleted
 * on {@link #close()}. Nothing is extracted or interpreted while spooling, and at most {@code
 * maxBytes} are read.
 */
public final class SpooledStream implements ByteSource {
  private final ByteSource data;
  private final Path tempFile;
  private final boolean truncated;

  private SpooledStream(ByteSource data, Path tempFile, boolean truncated) {
    this.data = data;
    this.tempFile = tempFile;
    this.truncated = truncated;
  }

  public static SpooledStream read(InputStream in, int memoryLimit, long maxBytes) throws IOException {
    byte[] buf = new byte[Math.min(memoryLimit, 1 << 16)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (buf.length >= memoryLimit) break;
        buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, memoryLimit));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) return new SpooledStream(new ArrayByteSource(Arrays.copyOf(buf, n)), null, false);
      n += r;
    }
    Path tmp = createPrivateTempFile();
    boolean truncated = false;
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(buf, 0, n);
      long total = n;
      byte[] chunk = new byte[1 << 16];
      int r;
      while ((r = in.read(chunk)) >= 0) {
        if (total + r > maxBytes) {
          out.write(chunk, 0, (int) (maxBytes - total));
          truncated = true;
          break;
        }
        out.write(chunk, 0, r);
        total += r;
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new SpooledStream(new FileByteSource(tmp), tmp, truncated);
  }

  private static Path createPrivateTempFile() throws IOException {
    try {
      return Files.createTempFile("modelvet-stdin-", ".spool", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempFile("modelvet-stdin-", ".spool");
    }
  }

  /** True when the stream was longer than {@code maxBytes}: only its start is available. */
  public boolean truncated() {
    return truncated;
  }

  /** True when the stream was spooled to a temporary file rather than kept in memory. */
  public boolean onDisk() {
    return tempFile != null;
  }

  @Override
  public long size() {
    return data.size();
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    return data.read(position, dst, off, len);
  }

  @Override
  public void close() throws IOException {
    try {
      data.close();
    } finally {
      if (tempFile != null) Files.deleteIfExists(tempFile);
    }
  }
}
