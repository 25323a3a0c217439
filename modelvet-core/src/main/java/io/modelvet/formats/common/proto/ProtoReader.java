package io.modelvet.formats.common.proto;

import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A streaming reader of the protobuf wire format over a {@link ByteSource}, with 64-bit positions.
 * Unlike {@code CodedInputStream} it never loads a length-delimited field it is told to skip, so
 * gigabytes of inline tensor data cost a seek, and every length is checked against the end of the
 * enclosing message before anything is allocated.
 *
 * <p>A nested message is read through {@link #message}, which hands a view limited to the
 * message's bytes to a callback and then moves past the message whatever the callback consumed.
 */
public final class ProtoReader {
  public static final int VARINT = 0;
  public static final int I64 = 1;
  public static final int LEN = 2;
  public static final int I32 = 5;

  private final SourceReader in;
  private final long limit;
  private int tag;

  private ProtoReader(SourceReader in, long limit) {
    this.in = in;
    this.limit = limit;
  }

  /** A reader over the whole source. */
  public static ProtoReader of(ByteSource source) {
    return new ProtoReader(SourceReader.of(source), source.size());
  }

  /** A reader over {@code [start, end)} of the source. */
  public static ProtoReader of(ByteSource source, long start, long end) {
    if (start < 0 || end > source.size() || start > end)
      throw new IllegalArgumentException("region " + start + ".." + end + " outside the source");
    return new ProtoReader(SourceReader.of(source, start), end);
  }

  /** A callback that reads one nested message. */
  @FunctionalInterface
  public interface MessageBody {
    void read(ProtoReader message) throws IOException;
  }

  /** Absolute position of the next byte. */
  public long position() {
    return in.position();
  }

  /** Bytes left in this message. */
  public long remaining() {
    return limit - in.position();
  }

  /**
   * Reads the next field's tag, or returns false at the end of this message. Groups (wire types 3
   * and 4, unused by the formats read here) and field number 0 are malformed.
   */
  public boolean next() throws IOException {
    if (in.position() >= limit) return false;
    long t = readVarint();
    int wire = (int) (t & 7);
    long field = t >>> 3;
    if (field == 0 || field > 0x1FFFFFFFL) throw new MalformedException("invalid protobuf field number " + field + " at " + position());
    if (wire != VARINT && wire != I64 && wire != LEN && wire != I32)
      throw new MalformedException("unsupported protobuf wire type " + wire + " at " + position());
    tag = (int) t;
    return true;
  }

  public int field() {
    return tag >>> 3;
  }

  /** The current field's tag, {@code number << 3 | wireType}, handy for switching on both. */
  public int tag() {
    return tag;
  }


  public int wireType() {
    return tag & 7;
  }

  /** Reads a base-128 varint (at most 10 bytes). */
  public long readVarint() throws IOException {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (in.position() >= limit) throw new EOFException("varint runs past the end of its message at " + position());
      int b = in.readU8();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) return value;
    }
    throw new MalformedException("varint longer than 10 bytes at " + position());
  }

  /** Reads the length prefix of a length-delimited field and checks it fits in this message. */
  public long readLength() throws IOException {
    long len = readVarint();
    if (len < 0 || len > remaining())
      throw new MalformedException("length " + len + " runs past the end of its message at " + position());
    return len;
  }

  /** Reads a length-delimited field of at most {@code max} bytes. */
  public byte[] readBytes(long max) throws IOException {
    expect(LEN);
    long len = readLength();
    return in.readBytes(len, max);
  }

  /** Reads a string field of at most {@code max} bytes (UTF-8, malformed sequences replaced). */
  public String readString(long max) throws IOException {
    return new String(readBytes(max), StandardCharsets.UTF_8);
  }

  /**
   * Reads a nested message: {@code body} sees only the message's bytes; afterwards the reader
   * stands after the message, whatever the body consumed.
   */
  public void message(MessageBody body) throws IOException {
    expect(LEN);
    long len = readLength();
    ProtoReader child = new ProtoReader(in, in.position() + len);
    body.read(child);
    child.skipToEnd();
  }

  /** Skips the current field's value; length-delimited values are seeked over. */
  public void skip() throws IOException {
    switch (wireType()) {
      case VARINT -> readVarint();
      case I64 -> skipBytes(8);
      case I32 -> skipBytes(4);
      case LEN -> skipBytes(readLength());
      default -> throw new MalformedException("unsupported wire type " + wireType());
    }
  }

  /** Skips a length-delimited field and returns its length, without reading it. */
  public long skipLength() throws IOException {
    expect(LEN);
    long len = readLength();
    skipBytes(len);
    return len;
  }

  /** Skips {@code n} raw bytes of this message (for formats that embed varints in other framing). */
  public void skipRaw(long n) throws IOException {
    if (n < 0) throw new MalformedException("negative skip " + n);
    skipBytes(n);
  }

  private void skipBytes(long n) throws IOException {
    if (n > remaining()) throw new EOFException("field of " + n + " bytes runs past the end of its message at " + position());
    in.skip(n);
  }

  private void skipToEnd() throws IOException {
    long left = limit - in.position();
    if (left < 0) throw new MalformedException("nested message overran its length at " + position());
    if (left > 0) in.skip(left);
  }

  private void expect(int wire) throws MalformedException {
    if (wireType() != wire)
      throw new MalformedException("field " + field() + " has wire type " + wireType() + ", expected " + wire + " at " + position());
  }
}
