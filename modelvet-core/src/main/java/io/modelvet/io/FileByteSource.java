package io.modelvet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file read with positional {@link FileChannel} reads; nothing is loaded up front. */
public final class FileByteSource implements ByteSource {
  private final Path path;
  private final FileChannel channel;
  private final long size;

  public FileByteSource(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
  }

  /**
   * The file this source reads. Scanners use it only to look at sibling files a format refers to
   * (for example the Python modules named by a Hugging Face {@code auto_map}), never for detection.
   */
  public Path path() {
    return path;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    if (position >= size) return -1;
    int want = (int) Math.min(len, size - position);
    ByteBuffer buf = ByteBuffer.wrap(dst, off, want);
    int total = 0;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position + total);
      if (n < 0) break;
      total += n;
    }
    return total == 0 && want > 0 ? -1 : total;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
