package io.modelvet.remote;

import io.modelvet.io.ByteSource;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote file read with HTTP {@code Range} requests, so scanners read over the network exactly
 * what they read from disk. Reads go through a small LRU cache of fixed-size blocks; the missing
 * blocks of one read are fetched in a single request, and sequential reading doubles the
 * read-ahead up to 16 blocks. Every byte received is charged to a {@link Traffic}.
 *
 * <p>Servers are not trusted: a {@code Content-Range} that does not match the request or the size
 * announced earlier, a body shorter than announced, or an entity tag that changes mid-scan is a
 * failure (the file becomes inconclusive). A server that ignores {@code Range} and answers 200
 * with the whole file is read only up to the bytes needed, then cut off; reaching far offsets that
 * way is bounded by {@link RemoteSettings#maxPrefixWithoutRange()}.
 */
public final class HttpRangeByteSource implements ByteSource {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");
  private static final int MAX_RUN = 16;

  private final HttpTransport http;
  private final URI uri;
  private final String name;
  private final Traffic traffic;
  private final int blockSize;
  private final Map<Long, byte[]> cache;
  private long size = -1;
  private String etag;
  private URI direct;
  private boolean rangeIgnored;
  private long sequentialEnd = -1;
  private int run = 1;

  private HttpRangeByteSource(HttpTransport http, URI uri, String name, Traffic traffic) {
    this.http = http;
    this.uri = uri;
    this.name = name;
    this.traffic = traffic;
    RemoteSettings s = http.settings();
    this.blockSize = s.blockSize();
    int capacity = s.cacheBlocks();
    this.cache =
        new LinkedHashMap<>(capacity, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Opens {@code uri}, fetching its first block (which tells the size).
   *
   * @param expectedSize the size a listing announced, or -1; a server answering another size is
   *     a failure
   * @param name how messages name the file
   * @throws RemoteAccessException when the server refuses (401, 403, 404...) or cannot be reached
   */
  public static HttpRangeByteSource open(HttpTransport http, URI uri, long expectedSize, String name, Traffic traffic) throws IOException {
    HttpRangeByteSource src = new HttpRangeByteSource(http, uri, name, traffic);
    src.probe(expectedSize);
    return src;
  }

  @Override
  public long size() {
    return size;
  }

  /** Bytes received for this file so far (with the neighbours charged to the same traffic). */
  public Traffic traffic() {
    return traffic;
  }

  private void probe(long expectedSize) throws IOException {
    try (HttpTransport.Response r = request(0, blockSize)) {
      int s = r.status();
      if (s == 206) {
        long[] cr = contentRange(r);
        if (cr[2] < 0) throw failure("the server does not tell the file size (Content-Range " + r.header("content-range") + ")");
        size = cr[2];
        checkExpected(expectedSize);
        int len = (int) Math.min(blockSize, size);
        if (cr[0] != 0 || cr[1] != len - 1) throw failure("the server answered bytes " + cr[0] + "-" + cr[1] + " to a request for 0-" + (len - 1));
        cache.put(0L, readExactly(r, len));
      } else if (s == 200) {
        rangeIgnored = true;
        size = r.headerLong("content-length");
        if (size < 0) size = expectedSize;
        if (size < 0) throw failure("the server ignores Range requests and does not tell the file size");
        checkExpected(expectedSize);
        // The whole body is coming anyway: keep as much as the cache holds, then cut it off.
        store(0, readExactly(r, (int) Math.min(size, (long) blockSize * http.settings().cacheBlocks())));
      } else if (s == 416) {
        Matcher m = UNSATISFIED.matcher(String.valueOf(r.header("content-range")));
        if (!m.matches() || Long.parseLong(m.group(1)) != 0) throw failure("the server refused the first bytes of the file (HTTP 416)");
        size = 0;
        checkExpected(expectedSize);
      } else {
        throw HubClient.refusal(s, r.header("x-error-code"), name);
      }
      etag = r.header("etag");
    }
  }

  private void checkExpected(long expectedSize) throws IOException {
    if (expectedSize >= 0 && expectedSize != size)
      throw failure("the listing says " + expectedSize + " bytes but the server announces " + size);
  }

  @Override
  public synchronized int read(long position, byte[] dst, int off, int len) throws IOException {
    if (position < 0) throw new IllegalArgumentException("negative position");
    if (position >= size) return -1;
    long end = Math.min(size, position + len);
    long at = position;
    while (at < end) {
      long block = at / blockSize;
      byte[] data = cache.get(block);
      long blockStart = block * blockSize;
      if (data == null) {
        long lastNeeded = (end - 1) / blockSize;
        int want = block == sequentialEnd ? Math.min(run * 2, MAX_RUN) : 1;
        run = want;
        long last = Math.max(block, Math.min(lastNeeded, block + MAX_RUN - 1));
        last = Math.max(last, Math.min(block + want - 1, (size - 1) / blockSize));
        long stop = block;
        while (stop < last && !cache.containsKey(stop + 1)) stop++;
        long fetchEnd = Math.min(size, (stop + 1) * blockSize);
        byte[] bytes = fetch(blockStart, fetchEnd);
        store(block, bytes);
        sequentialEnd = stop + 1;
        // copy straight from what was fetched: a large read may evict its own first blocks
        int n = (int) Math.min(end - at, fetchEnd - at);
        System.arraycopy(bytes, (int) (at - blockStart), dst, off + (int) (at - position), n);
        at += n;
        continue;
      }
      int n = (int) Math.min(end - at, blockStart + data.length - at);
      if (n <= 0) throw failure("block " + block + " is shorter than the file size announced");
      System.arraycopy(data, (int) (at - blockStart), dst, off + (int) (at - position), n);
      at += n;
    }
    return (int) (end - position);
  }

  /** Caches {@code bytes}, which start at the beginning of block {@code first}. */
  private void store(long first, byte[] bytes) {
    for (int from = 0; from < bytes.length; from += blockSize)
      cache.put(first + from / blockSize, java.util.Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, (long) from + blockSize)));
  }

  /** Fetches bytes [start, end) in one request. */
  private byte[] fetch(long start, long end) throws IOException {
    int len = (int) (end - start);
    try (HttpTransport.Response r = request(start, len)) {
      int s = r.status();
      checkSameEntity(r);
      if (s == 206) {
        long[] cr = contentRange(r);
        if (cr[2] >= 0 && cr[2] != size) throw failure("the file size changed from " + size + " to " + cr[2] + " bytes during the scan");
        if (cr[0] != start || cr[1] != end - 1) throw failure("the server answered bytes " + cr[0] + "-" + cr[1] + " to a request for " + start + "-" + (end - 1));
        return readExactly(r, len);
      }
      if (s == 200) {
        rangeIgnored = true;
        if (start > http.settings().maxPrefixWithoutRange())
          throw failure("the server ignores Range requests, so reading at offset " + start + " would download " + start + " bytes first, more than the budget of " + http.settings().maxPrefixWithoutRange());
        skipExactly(r, start);
        return readExactly(r, len);
      }
      throw failure("the server answered HTTP " + s + " to a range request");
    }
  }

  private HttpTransport.Response request(long start, int len) throws IOException {
    traffic.request();
    Map<String, String> range = len <= 0 ? Map.of() : Map.of("Range", "bytes=" + start + "-" + (start + len - 1));
    if (direct != null) {
      HttpTransport.Response r = http.get(direct, range);
      if (r.status() < 400) return r;
      r.close(); // a signed CDN location may have expired: ask the original URL again
      direct = null;
    }
    HttpTransport.Response r = http.get(uri, range);
    if (!r.uri().equals(uri) && r.status() < 300) direct = r.uri();
    return r;
  }

  private void checkSameEntity(HttpTransport.Response r) throws IOException {
    String e = r.header("etag");
    if (etag != null && e != null && !etag.equals(e)) throw failure("the file changed on the server during the scan (entity tag " + etag + " became " + e + ")");
  }

  private byte[] readExactly(HttpTransport.Response r, int len) throws IOException {
    byte[] out = r.body().readUpTo(len);
    traffic.charge(out.length);
    if (out.length < len) throw failure("the server sent " + out.length + " of " + len + " bytes (truncated body)");
    return out;
  }

  private void skipExactly(HttpTransport.Response r, long n) throws IOException {
    byte[] buf = new byte[64 << 10];
    long left = n;
    while (left > 0) {
      int got = r.body().read(buf, 0, (int) Math.min(buf.length, left));
      if (got < 0) throw failure("the server's body ended after " + (n - left) + " bytes (truncated body)");
      traffic.charge(got);
      left -= got;
    }
  }

  private long[] contentRange(HttpTransport.Response r) throws IOException {
    String h = r.header("content-range");
    Matcher m = h == null ? null : CONTENT_RANGE.matcher(h.trim());
    if (m == null || !m.matches()) throw failure("a partial answer without a valid Content-Range (" + h + ")");
    try {
      long a = Long.parseLong(m.group(1));
      long b = Long.parseLong(m.group(2));
      long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      if (b < a || (total >= 0 && b >= total)) throw failure("an impossible Content-Range (" + h + ")");
      return new long[] {a, b, total};
    } catch (NumberFormatException e) {
      throw failure("an impossible Content-Range (" + h + ")");
    }
  }

  private IOException failure(String reason) {
    traffic.fail(reason);
    return new EOFException(reason);
  }

  /** True once the server was seen answering range requests with whole files. */
  public boolean rangeIgnored() {
    return rangeIgnored;
  }

  @Override
  public String toString() {
    return name;
  }
}
