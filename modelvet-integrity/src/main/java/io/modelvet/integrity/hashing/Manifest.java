package io.modelvet.integrity.hashing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digests of a model's files (or shards) in manifest order, with the config that produced them.
 *
 * @param config how the model was hashed
 * @param resources entries in the format's canonical order
 */
public record Manifest(HashingConfig config, List<ResourceDigest> resources) {

  public Manifest {
    resources = List.copyOf(resources);
  }

  /**
   * The root digest: SHA-256 over the concatenated raw digests of {@code resources} in their listed
   * order (the in-toto subject digest of a model-signing statement).
   */
  public static byte[] rootDigest(List<ResourceDigest> resources) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (ResourceDigest r : resources) md.update(r.digestBytes());
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String rootDigestHex() {
    return rootDigestHex(resources);
  }

  /** {@link #rootDigest(List)} as lowercase hex. */
  public static String rootDigestHex(List<ResourceDigest> resources) {
    return HexFormat.of().formatHex(rootDigest(resources));
  }

  /** Entries by name, in manifest order. */
  public Map<String, ResourceDigest> byName() {
    Map<String, ResourceDigest> m = new LinkedHashMap<>();
    for (ResourceDigest r : resources) m.put(r.name(), r);
    return m;
  }
}
