package io.modelvet.integrity.hashing;

import java.util.HexFormat;

/**
 * One manifest entry: a file ({@code config.json}) or a shard ({@code model.bin:0:1000000000}) with
 * its digest.
 *
 * @param name resource name as recorded in the signature
 * @param algorithm recorded algorithm, e.g. {@code sha256} or {@code sha256-sharded-256}
 * @param digest lowercase hex digest
 */
public record ResourceDigest(String name, String algorithm, String digest) {

  public byte[] digestBytes() {
    return HexFormat.of().parseHex(digest);
  }

  /** The file path part of the name: {@code a/b.bin} for a shard named {@code a/b.bin:0:256}. */
  public String filePath() {
    return filePathOf(name);
  }

  /** The file path of a resource name, dropping a {@code :start:end} shard suffix when present. */
  public static String filePathOf(String name) {
    int last = name.lastIndexOf(':');
    if (last <= 0) return name;
    int prev = name.lastIndexOf(':', last - 1);
    if (prev <= 0) return name;
    if (isDigits(name, prev + 1, last) && isDigits(name, last + 1, name.length())) return name.substring(0, prev);
    return name;
  }

  private static boolean isDigits(String s, int from, int to) {
    if (from >= to) return false;
    for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }
}
