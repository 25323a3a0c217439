package io.modelvet.integrity.hashing;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a model is turned into a manifest; mirrors the {@code serialization} object that the OpenSSF
 * model-signing format records in a signature.
 *
 * @param method one digest per file, or one per fixed-size byte range (shard) of each file
 * @param algorithm the digest algorithm
 * @param shardSize shard length in bytes (only for {@link Method#SHARDS})
 * @param allowSymlinks follow symbolic links; when false a link in the model is an error
 * @param ignorePaths paths relative to the model root ({@code /}-separated) that are skipped with
 *     everything below them
 */
public record HashingConfig(
    Method method, HashAlgorithm algorithm, long shardSize, boolean allowSymlinks, Set<String> ignorePaths) {

  /** The reference tool's default shard size (1 000 000 000 bytes). */
  public static final long DEFAULT_SHARD_SIZE = 1_000_000_000L;

  /** The git paths ignored by default, directly under the model root. */
  public static final List<String> GIT_PATHS = List.of(".git", ".gitattributes", ".github", ".gitignore");

  /** Granularity of the manifest. */
  public enum Method {
    /** {@code files}: one resource per file. */
    FILES("files"),
    /** {@code shards}: one resource per byte range {@code path:start:end}. */
    SHARDS("shards");

    private final String id;

    Method(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Method fromId(String id) {
      for (Method m : values()) if (m.id.equals(id)) return m;
      throw new IllegalArgumentException("unsupported serialization method '" + id + "' (supported: files, shards)");
    }
  }

  public HashingConfig {
    if (method == Method.SHARDS && shardSize <= 0)
      throw new IllegalArgumentException("shard size must be positive, got " + shardSize);
    ignorePaths = Set.copyOf(new TreeSet<>(ignorePaths));
    for (String p : ignorePaths) requireRelative(p);
  }

  /** Files hashed whole with SHA-256, no symlinks, git paths ignored: the reference tool's default. */
  public static HashingConfig defaults() {
    return new HashingConfig(Method.FILES, HashAlgorithm.SHA256, 0, false, Set.copyOf(GIT_PATHS));
  }

  public HashingConfig withAlgorithm(HashAlgorithm newAlgorithm) {
    return new HashingConfig(method, newAlgorithm, shardSize, allowSymlinks, ignorePaths);
  }

  public HashingConfig withShards(long newShardSize) {
    return new HashingConfig(Method.SHARDS, algorithm, newShardSize, allowSymlinks, ignorePaths);
  }

  public HashingConfig withAllowSymlinks(boolean allow) {
    return new HashingConfig(method, algorithm, shardSize, allow, ignorePaths);
  }

  /** This config with more ignored paths (relative to the model root, {@code /}-separated). */
  public HashingConfig withIgnored(Collection<String> more) {
    Set<String> all = new TreeSet<>(ignorePaths);
    for (String p : more) all.add(normalise(p));
    return new HashingConfig(method, algorithm, shardSize, allowSymlinks, all);
  }

  /** This config without the default git paths (the reference tool's {@code --no-ignore-git-paths}). */
  public HashingConfig withoutGitPaths() {
    Set<String> all = new TreeSet<>(ignorePaths);
    GIT_PATHS.forEach(all::remove);
    return new HashingConfig(method, algorithm, shardSize, allowSymlinks, all);
  }

  /** The {@code algorithm} recorded on each resource: {@code sha256}, or {@code sha256-sharded-256}. */
  public String resourceAlgorithm() {
    return method == Method.FILES ? algorithm.id() : algorithm.id() + "-sharded-" + shardSize;
  }

  /** True when {@code relative} (a {@code /}-separated path) is an ignored path or lies below one. */
  public boolean isIgnored(String relative) {
    for (String p : ignorePaths) if (relative.equals(p) || relative.startsWith(p + "/")) return true;
    return false;
  }

  private static String normalise(String p) {
    String s = p.replace('\\', '/');
    while (s.startsWith("./")) s = s.substring(2);
    while (s.endsWith("/") && s.length() > 1) s = s.substring(0, s.length() - 1);
    return s;
  }

  private static void requireRelative(String p) {
    if (p.isEmpty() || p.startsWith("/") || p.equals("..") || p.startsWith("../") || p.contains("/../"))
      throw new IllegalArgumentException("ignore path must be relative to the model root: '" + p + "'");
  }
}
