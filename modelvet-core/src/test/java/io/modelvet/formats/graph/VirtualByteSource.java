package io.modelvet.formats.graph;

import io.modelvet.io.ByteSource;

/**
 * A test source of {@code prefix}, then {@code gap} zero bytes that are never stored, then {@code
 * suffix}: lets tests present multi-gigabyte files whose bulk a parser must seek over.
 */
public final class VirtualByteSource implements ByteSource {
  private final byte[] prefix;
  private final long gap;
  private final byte[] suffix;
  private long bytesRead;

  public VirtualByteSource(byte[] prefix, long gap, byte[] suffix) {
    this.prefix = prefix;
    this.gap = gap;
    this.suffix = suffix;
  }

  @Override
  public long size() {
    return prefix.length + gap + suffix.length;
  }

  /** Total bytes handed out by {@link #read}, to prove the gap was skipped, not read. */
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) {
    if (position >= size()) return -1;
    int n = (int) Math.min(len, size() - position);
    for (int i = 0; i < n; i++) {
      long p = position + i;
      byte v;
      if (p < prefix.length) v = prefix[(int) p];
      else if (p < prefix.length + gap) v = 0;
      else v = suffix[(int) (p - prefix.length - gap)];
      dst[off + i] = v;
    }
    bytesRead += n;
    return n;
  }
}
