package io.modelvet.io;

/** Bytes held in memory, such as a decompressed archive member or a test fixture. */
public final class ArrayByteSource implements ByteSource {
  private final byte[] data;
  private final int from;
  private final int length;

  public ArrayByteSource(byte[] data) {
    this(data, 0, data.length);
  }

  public ArrayByteSource(byte[] data, int from, int length) {
    if (from < 0 || length < 0 || from + length > data.length)
      throw new IndexOutOfBoundsException("bad range");
    this.data = data;
    this.from = from;
    this.length = length;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) {
    if (position >= length) return -1;
    int n = (int) Math.min(len, length - position);
    System.arraycopy(data, from + (int) position, dst, off, n);
    return n;
  }
}
