package io.modelvet.formats.keras;

import io.modelvet.io.ByteSourceChannel;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * jHDF's view of an HDF5 file: a read-only {@link java.nio.channels.FileChannel} over the engine's
 * byte channel that checks every region jHDF asks for against the end of the file <em>before</em>
 * a buffer is made for it. jHDF sizes its buffers from length fields in the file (a local heap's
 * data segment, a fractal heap block) and would otherwise allocate whatever a lying field claims,
 * up to 2 GB, before finding out the bytes are not there. Regions are handed over as {@link
 * #map mapped} buffers (a direct buffer of exactly the region's size), so jHDF keeps asking this
 * channel rather than falling back to its own unchecked allocation.
 */
final class Hdf5Channel extends java.nio.channels.FileChannel {
  /** True on OpenJDK, where a direct buffer is a MappedByteBuffer; elsewhere jHDF reads instead. */
  private static final boolean DIRECT_IS_MAPPED = ByteBuffer.allocateDirect(0) instanceof MappedByteBuffer;

  private final ByteSourceChannel in;

  Hdf5Channel(ByteSourceChannel in) {
    this.in = in;
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    if (mode != MapMode.READ_ONLY) throw new NonWritableChannelException();
    checkRegion(position, size);
    if (!DIRECT_IS_MAPPED)
      throw new UnsupportedOperationException("direct buffers are not mapped buffers on this JVM");
    ByteBuffer region = ByteBuffer.allocateDirect((int) size);
    try {
      readFully(region, position);
    } catch (IOException e) {
      // unchecked: jHDF takes an IOException from map() for "cannot map" and would then allocate
      // every later region itself, unchecked; the scanner finds a budget failure among the causes
      throw new UncheckedIOException(e);
    }
    region.flip();
    return (MappedByteBuffer) region;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    long keep = in.position();
    try {
      in.position(position);
      return in.read(dst);
    } finally {
      in.position(keep);
    }
  }

  private void readFully(ByteBuffer dst, long position) throws IOException {
    while (dst.hasRemaining()) {
      int n = read(dst, position);
      if (n <= 0) throw new MalformedException("HDF5 file ends inside a structure at offset " + position);
      position += n;
    }
  }

  /** Refuses a region past the end of the file; unchecked, so jHDF does not take it for "cannot map". */
  private void checkRegion(long position, long size) {
    if (position < 0 || size < 0 || size > Integer.MAX_VALUE || position > in.size() - size)
      throw new UncheckedIOException(
          new MalformedException("HDF5 structure at offset " + position + " claims " + size + " bytes, past the end of the file"));
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return in.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      int n = in.read(dsts[i]);
      if (n < 0) return total == 0 ? -1 : total;
      total += n;
    }
    return total;
  }

  @Override
  public long position() {
    return in.position();
  }

  @Override
  public Hdf5Channel position(long newPosition) {
    in.position(newPosition);
    return this;
  }

  @Override
  public long size() {
    return in.size();
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new NonWritableChannelException();
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new NonWritableChannelException();
  }

  @Override
  public Hdf5Channel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public void force(boolean metaData) {
    // nothing is written
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException("not used by the HDF5 reader");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new NonWritableChannelException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("not used by the HDF5 reader");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("not used by the HDF5 reader");
  }

  @Override
  protected void implCloseChannel() {
    // the engine owns the source
  }
}
