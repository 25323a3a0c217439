package io.modelvet.integrity.hashing;

import java.nio.ByteBuffer;

/** An incremental hash function: feed bytes, then take the digest (which resets the state). */
public interface StreamingDigest {
  void update(byte[] data, int off, int len);

  /** Consumes all remaining bytes of {@code data}. */
  void update(ByteBuffer data);

  byte[] digest();

  int digestLength();
}
