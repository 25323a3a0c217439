package io.modelvet.integrity.hashing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The file digest algorithms of the OpenSSF model-signing format, by their recorded names. */
public enum HashAlgorithm {
  /** SHA-256, the format's default ({@code hash_type: sha256}). */
  SHA256("sha256"),
  /** 64-byte BLAKE2b ({@code hash_type: blake2b}). */
  BLAKE2B("blake2b");

  private final String id;

  HashAlgorithm(String id) {
    this.id = id;
  }

  /** The name written in the signature, e.g. {@code sha256}. */
  public String id() {
    return id;
  }

  /** A fresh digest instance (not thread-safe; use one per thread). */
  public StreamingDigest newDigest() {
    return this == SHA256 ? new JdkDigest("SHA-256") : new Blake2b();
  }

  /** The algorithm recorded as {@code id} ({@code sha256} or {@code blake2b}); also accepts {@code blake2}. */
  public static HashAlgorithm fromId(String id) {
    switch (id.toLowerCase(Locale.ROOT)) {
      case "sha256":
        return SHA256;
      case "blake2b":
      case "blake2":
        return BLAKE2B;
      default:
        throw new IllegalArgumentException("unsupported hash type '" + id + "' (supported: sha256, blake2b)");
    }
  }

  /** Adapts a JDK {@link MessageDigest}. */
  private static final class JdkDigest implements StreamingDigest {
    private final MessageDigest md;

    JdkDigest(String name) {
      try {
        md = MessageDigest.getInstance(name);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(name + " missing from the JDK", e);
      }
    }

    @Override
    public void update(byte[] data, int off, int len) {
      md.update(data, off, len);
    }

    @Override
    public void update(ByteBuffer data) {
      md.update(data);
    }

    @Override
    public byte[] digest() {
      return md.digest();
    }

    @Override
    public int digestLength() {
      return md.getDigestLength();
    }
  }
}
