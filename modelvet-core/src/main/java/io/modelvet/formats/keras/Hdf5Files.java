package io.modelvet.formats.keras;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.storage.HdfBackingStorage;
import io.jhdf.storage.HdfFileChannel;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Opens an HDF5 file with jHDF so that no read jHDF makes can allocate more than the file holds.
 *
 * <p>jHDF 0.13.0 reads an object header, a symbol table or a B-tree node by allocating a heap buffer
 * of the size written in the file ({@code HdfFileChannel.readBufferFromAddress}) and only then
 * reading into it: a 3 KB file claiming a 1.6 GB header makes it allocate 1.6 GB before the short
 * read is noticed. Its public constructors make that storage themselves, so this class repeats what
 * {@code HdfFile(FileChannel)} does (find the signature, read the superblock) and hands jHDF a
 * {@link CheckedStorage} that refuses a region past the end of the file before any buffer exists.
 * jHDF accepts a storage only through a private constructor, reached here reflectively; the
 * version is pinned in the pom and {@code Hdf5FilesTest} fails if the constructor goes away.
 */
final class Hdf5Files {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private static final Constructor<HdfFile> FROM_STORAGE;

  static {
    try {
      FROM_STORAGE = HdfFile.class.getDeclaredConstructor(HdfBackingStorage.class);
      FROM_STORAGE.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Hdf5Files() {}

  /** Opens the file; malformed structures surface as unchecked exceptions, as jHDF's own do. */
  static HdfFile open(FileChannel channel) throws IOException {
    long offset = signatureOffset(channel);
    Superblock superblock = Superblock.readSuperblock(channel, offset);
    if (superblock.getBaseAddressByte() != offset)
      throw new MalformedException("HDF5 superblock base address " + superblock.getBaseAddressByte()
          + " is not where the superblock is (" + offset + ")");
    try {
      return FROM_STORAGE.newInstance(new CheckedStorage(channel, superblock));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IOException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the HDF5 reader cannot be opened on a checked channel", e);
    }
  }

  /** Where the superblock is: offset 0, or 512, 1024, 2048... after a user block (as jHDF looks). */
  static long signatureOffset(FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(SIGNATURE.length);
    for (long offset = 0; offset + SIGNATURE.length <= channel.size(); offset = offset == 0 ? 512 : offset * 2) {
      head.clear();
      while (head.hasRemaining() && channel.read(head, offset + head.position()) > 0) {
        // fill
      }
      if (!head.hasRemaining() && Arrays.equals(head.array(), SIGNATURE)) return offset;
    }
    throw new MalformedException("no HDF5 signature found");
  }

  /** jHDF's file storage with every buffer read checked against the end of the file first. */
  static final class CheckedStorage extends HdfFileChannel {
    private final long base;

    CheckedStorage(FileChannel channel, Superblock superblock) {
      super(channel, superblock);
      this.base = superblock.getBaseAddressByte();
    }

    @Override
    public ByteBuffer readBufferFromAddress(long address, int length) {
      long position = base + address;
      if (address < 0 || length < 0 || position > size() - length)
        // unchecked, as jHDF's own errors; the scanner reports it as a malformed structure
        throw new UncheckedIOException(new MalformedException(
            "HDF5 structure at offset " + position + " claims " + length + " bytes, past the end of the file"));
      return super.readBufferFromAddress(address, length);
    }
  }
}
