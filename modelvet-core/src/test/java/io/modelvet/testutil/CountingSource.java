package io.modelvet.testutil;

import io.modelvet.io.ByteSource;
import java.io.IOException;

/** A byte source over an array that records the largest single read a parser asked for. */
public final class CountingSource implements ByteSource {
  private final byte[] data;
  private long largestRead;

  public CountingSource(byte[] data) {
    this.data = data;
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    largestRead = Math.max(largestRead, len);
    if (position >= data.length) return -1;
    int n = (int) Math.min(len, data.length - position);
    System.arraycopy(data, (int) position, dst, off, n);
    return n;
  }

  public long largestRead() {
    return largestRead;
  }
}
