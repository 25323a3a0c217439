package io.modelvet.io;

import java.io.IOException;

/** A window onto another source, e.g. a stored (uncompressed) archive member. */
final class SliceByteSource implements ByteSource {
  private final ByteSource parent;
  private final long offset;
  private final long length;

  SliceByteSource(ByteSource parent, long offset, long length) {
    if (offset < 0 || length < 0) throw new IllegalArgumentException("negative slice");
    long avail = Math.max(0, parent.size() - offset);
    this.parent = parent;
    this.offset = offset;
    this.length = Math.min(length, avail);
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    if (position >= length) return -1;
    return parent.read(offset + position, dst, off, (int) Math.min(len, length - position));
  }
}
