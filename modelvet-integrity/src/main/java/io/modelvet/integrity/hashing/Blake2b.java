package io.modelvet.integrity.hashing;

import java.nio.ByteBuffer;

/**
 * BLAKE2b as specified in RFC 7693, unkeyed, with a digest length of 1 to 64 bytes. The JDK has no
 * BLAKE2; the OpenSSF model-signing format can record {@code blake2b} (64-byte) file digests.
 */
public final class Blake2b implements StreamingDigest {
  private static final int BLOCK = 128;
  private static final long[] IV = {
    0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
    0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L
  };
  private static final byte[][] SIGMA = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}
  };

  private final int digestLength;
  private final long[] h = new long[8];
  private final long[] v = new long[16];
  private final long[] m = new long[16];
  private final byte[] buffer = new byte[BLOCK];
  private int buffered;
  private long counterLow;
  private long counterHigh;
  private byte[] scratch;

  /** BLAKE2b-512 (64-byte digest). */
  public Blake2b() {
    this(64);
  }

  /** BLAKE2b with a digest of {@code digestLength} bytes (1..64), no key. */
  public Blake2b(int digestLength) {
    if (digestLength < 1 || digestLength > 64)
      throw new IllegalArgumentException("BLAKE2b digest length must be 1..64, got " + digestLength);
    this.digestLength = digestLength;
    reset();
  }

  /** Restarts the hash as if newly created. */
  public void reset() {
    System.arraycopy(IV, 0, h, 0, 8);
    h[0] ^= 0x01010000L ^ digestLength;
    buffered = 0;
    counterLow = 0;
    counterHigh = 0;
  }

  @Override
  public void update(byte[] data, int off, int len) {
    while (len > 0) {
      if (buffered == BLOCK) {
        increment(BLOCK);
        compress(buffer, 0, false);
        buffered = 0;
      }
      if (buffered == 0 && len > BLOCK) {
        // Whole blocks straight from the input, keeping at least one byte back for the final block.
        increment(BLOCK);
        compress(data, off, false);
        off += BLOCK;
        len -= BLOCK;
        continue;
      }
      int n = Math.min(BLOCK - buffered, len);
      System.arraycopy(data, off, buffer, buffered, n);
      buffered += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void update(ByteBuffer data) {
    if (data.hasArray()) {
      update(data.array(), data.arrayOffset() + data.position(), data.remaining());
      data.position(data.limit());
      return;
    }
    if (scratch == null) scratch = new byte[64 * 1024];
    while (data.hasRemaining()) {
      int n = Math.min(scratch.length, data.remaining());
      data.get(scratch, 0, n);
      update(scratch, 0, n);
    }
  }

  @Override
  public byte[] digest() {
    increment(buffered);
    java.util.Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
    compress(buffer, 0, true);
    byte[] out = new byte[digestLength];
    for (int i = 0; i < digestLength; i++) out[i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
    reset();
    return out;
  }

  @Override
  public int digestLength() {
    return digestLength;
  }

  private void increment(int n) {
    counterLow += n;
    if (Long.compareUnsigned(counterLow, n) < 0) counterHigh++;
  }

  private void compress(byte[] block, int off, boolean last) {
    for (int i = 0; i < 16; i++) m[i] = littleEndianLong(block, off + 8 * i);
    System.arraycopy(h, 0, v, 0, 8);
    System.arraycopy(IV, 0, v, 8, 8);
    v[12] ^= counterLow;
    v[13] ^= counterHigh;
    if (last) v[14] = ~v[14];
    for (int round = 0; round < 12; round++) {
      byte[] s = SIGMA[round % 10];
      mix(0, 4, 8, 12, m[s[0]], m[s[1]]);
      mix(1, 5, 9, 13, m[s[2]], m[s[3]]);
      mix(2, 6, 10, 14, m[s[4]], m[s[5]]);
      mix(3, 7, 11, 15, m[s[6]], m[s[7]]);
      mix(0, 5, 10, 15, m[s[8]], m[s[9]]);
      mix(1, 6, 11, 12, m[s[10]], m[s[11]]);
      mix(2, 7, 8, 13, m[s[12]], m[s[13]]);
      mix(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }

  private void mix(int a, int b, int c, int d, long x, long y) {
    v[a] = v[a] + v[b] + x;
    v[d] = Long.rotateRight(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = Long.rotateRight(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = Long.rotateRight(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = Long.rotateRight(v[b] ^ v[c], 63);
  }

  private static long littleEndianLong(byte[] b, int off) {
    long r = 0;
    for (int i = 7; i >= 0; i--) r = (r << 8) | (b[off + i] & 0xFFL);
    return r;
  }
}
