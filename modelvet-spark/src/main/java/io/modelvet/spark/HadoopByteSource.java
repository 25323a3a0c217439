package io.modelvet.spark;

import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A file on any Hadoop file system (local, HDFS, S3A, GCS...) read in place through positioned
 * reads, so a scanner reads only the bytes it needs: nothing is copied to local disk. Counts the
 * bytes actually read.
 */
final class HadoopByteSource implements ByteSource {
  private final FSDataInputStream in;
  private final long size;
  private final AtomicLong bytesRead = new AtomicLong();

  HadoopByteSource(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    if (position >= size) return -1;
    int want = (int) Math.min(len, size - position);
    if (want == 0) return 0;
    // PositionedReadable: does not move the stream's own position, safe for concurrent readers.
    int n = in.read(position, dst, off, want);
    if (n > 0) bytesRead.addAndGet(n);
    return n;
  }

  long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
