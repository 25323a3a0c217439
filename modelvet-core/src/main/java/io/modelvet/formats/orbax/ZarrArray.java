package io.modelvet.formats.orbax;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a zarr array's metadata ({@code .zarray} for zarr v2, {@code zarr.json} for v3) says about
 * its chunks, as far as checking them needs: grid, item size, chunk-key encoding, and how chunk
 * bytes are encoded. Built by {@link ZarrMetadata#parse}; {@link #problems} lists what makes the
 * metadata inconsistent and {@link #codecs} every codec id it names.
 *
 * @param itemSize bytes per element, or -1 for variable-length / object / unknown types
 * @param compression how the compressor (the last bytes-to-bytes codec) frames chunk bytes
 * @param filtered true when other codecs change the bytes too, so the decoded size is not known
 * @param separator between chunk indices in keys
 * @param prefixC true for zarr v3's default keys ({@code c/0/1}), false for v2-style keys ({@code 0.1})
 */
record ZarrArray(
    int format, long[] shape, long[] chunks, int itemSize, String dtype, Compression compression, boolean filtered,
    String separator, boolean prefixC, List<String> codecs, List<String> problems) {

  /** Chunk byte framing that can be checked: none, gzip/zlib/zstd streams, blosc's header. */
  enum Compression { NONE, GZIP, ZLIB, ZSTD, BLOSC, OTHER }

  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,18}");

  boolean usesPickle() {
    return codecs.stream().anyMatch(c -> ZarrMetadata.kind(c).equals("code"));
  }

  /** Bytes a decoded chunk holds, or -1 when unknown (variable item size, overflow). */
  long chunkBytes() {
    if (itemSize < 0 || chunks == null || filtered) return -1;
    long n = itemSize;
    for (long c : chunks) {
      if (c <= 0 || n > Long.MAX_VALUE / c) return -1;
      n *= c;
    }
    return n;
  }

  /**
   * Checks a chunk key against the grid: null when {@code key} names a chunk inside it, a reason
   * when it has the encoding's shape but lies outside, and "" when it is not a chunk key at all.
   */
  String checkKey(String key) {
    String rest = key;
    if (prefixC) {
      if (rest.equals("c")) return shape.length == 0 ? null : "";
      if (!rest.startsWith("c" + separator)) return "";
      rest = rest.substring(2);
    } else if (shape.length == 0) {
      return rest.equals("0") ? null : "";
    }
    String[] parts = rest.split(Pattern.quote(separator), -1);
    if (parts.length != shape.length) return "";
    for (String p : parts) if (!INDEX.matcher(p).matches()) return "";
    for (int d = 0; d < parts.length; d++) {
      long i = Long.parseLong(parts[d]);
      long count = chunks[d] <= 0 ? 0 : (shape[d] + chunks[d] - 1) / chunks[d];
      if (i >= count) return "chunk index " + i + " on axis " + d + " is outside the grid of " + count + " chunks";
    }
    return null;
  }
}
