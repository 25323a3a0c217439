package io.modelvet.testutil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.ByteSource;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real HTTP server on 127.0.0.1 with the subset of the Hugging Face Hub API a scan uses: model
 * info with siblings ({@code /api/models/{repo}/revision/{rev}}), {@code /{repo}/resolve/{rev}/{path}}
 * with Range, ETag and X-Repo-Commit, large files redirected to a "CDN" on the other host name
 * ({@code localhost} instead of {@code 127.0.0.1}), 401 for private repositories without the token,
 * and switchable misbehaviour: 429 with Retry-After, Range ignored, truncated bodies, lying sizes.
 * Every answer is recorded so tests can assert the bytes served.
 */
public final class HubTestServer implements AutoCloseable {
  public static final String TOKEN = "hf_test_secret_token_123";
  /** Files at least this large are "LFS" files: resolve redirects them to the CDN host. */
  public static final long LFS_THRESHOLD = 1 << 20;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: where, which bytes, how many bytes were written, with or without the token. */
  public record Served(String host, String path, int status, long start, long end, long written, boolean authorized) {}

  public static final class Repo {
    public final String commit;
    public final boolean isPrivate;
    public final Map<String, ByteSource> files = new TreeMap<>();
    /** Sizes the listing announces instead of the real ones (lying listings). */
    public final Map<String, Long> listedSizes = new ConcurrentHashMap<>();

    Repo(String commit, boolean isPrivate) {
      this.commit = commit;
      this.isPrivate = isPrivate;
    }

    public Repo add(String path, byte[] content) {
      files.put(path, new ArrayByteSource(content));
      return this;
    }

    public Repo add(String path, ByteSource content) {
      files.put(path, content);
      return this;
    }

    /** Adds every regular file under {@code folder} with its relative path. */
    public Repo addFolder(Path folder) throws IOException {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path p : walk.filter(Files::isRegularFile).sorted().toList())
          add(folder.relativize(p).toString().replace('\\', '/'), new FileByteSource(p));
      }
      return this;
    }
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(24);
  public final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final List<Served> served = new CopyOnWriteArrayList<>();
  public final AtomicInteger inFlight = new AtomicInteger();
  public final AtomicInteger maxInFlight = new AtomicInteger();
  /** Answer this many next file requests with 429 (Retry-After: 1). */
  public final AtomicInteger tooManyRequests = new AtomicInteger();
  /** Answer range requests with 200 and the whole body. */
  public volatile boolean ignoreRange;
  /** Stop file bodies after this many bytes (the announced length stays). */
  public volatile long truncateAfter = -1;
  /** Announce this total in Content-Range instead of the real size. */
  public volatile long lieAboutTotal = -1;

  public HubTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The hub endpoint: http://127.0.0.1:PORT. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public Repo repo(String id, String commit, boolean isPrivate) {
    Repo r = new Repo(commit, isPrivate);
    repos.put(id, r);
    return r;
  }

  /**
   * What was served so far, once every request under way has been recorded: a handler records a
   * response after writing it, so the client may already hold the bytes of a request that is not
   * recorded yet.
   */
  public List<Served> served() {
    awaitQuiet();
    return List.copyOf(served);
  }

  /** Bytes of file bodies written for {@code path} (a path ending, any host). */
  public long bytesServed(String pathSuffix) {
    return served().stream().filter(s -> s.path.endsWith(pathSuffix)).mapToLong(Served::written).sum();
  }

  /** Forgets what was served so far, once every request under way has been recorded (see {@link #served()}). */
  public void clearServed() {
    awaitQuiet();
    served.clear();
  }

  private void awaitQuiet() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
  }

  public long bytesServed() {
    return served().stream().mapToLong(Served::written).sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/api/models/")) info(ex, path.substring("/api/models/".length()));
      else if (path.startsWith("/cdn/")) cdn(ex, path.substring("/cdn/".length()));
      else resolve(ex, path.substring(1));
    } catch (RuntimeException e) {
      send(ex, 500, "internal", null);
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  private boolean authorized(HttpExchange ex) {
    return ("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"));
  }

  /** {repo}/revision/{rev}: the repo id is the part before "/revision/". */
  private void info(HttpExchange ex, String rest) throws IOException {
    int at = rest.indexOf("/revision/");
    String id = at < 0 ? rest : rest.substring(0, at);
    String rev = at < 0 ? "main" : URLDecoder.decode(rest.substring(at + "/revision/".length()), StandardCharsets.UTF_8);
    Repo repo = repos.get(id);
    record(ex, 0, 0, 0);
    if (repo == null || (repo.isPrivate && ex.getRequestHeaders().getFirst("Authorization") == null)) {
      // like the Hub: a private repository without a token looks like a missing one, with 401
      send(ex, 401, "Repository not found", "RepoNotFound");
      return;
    }
    if (repo.isPrivate && !authorized(ex)) {
      send(ex, 401, "Invalid credentials", null);
      return;
    }
    if (!rev.equals("main") && !rev.equals(repo.commit)) {
      send(ex, 404, "Revision not found", "RevisionNotFound");
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("sha", repo.commit);
    o.put("private", repo.isPrivate);
    ArrayNode sib = o.putArray("siblings");
    for (Map.Entry<String, ByteSource> e : repo.files.entrySet()) {
      ObjectNode s = sib.addObject();
      s.put("rfilename", e.getKey());
      s.put("size", repo.listedSizes.getOrDefault(e.getKey(), e.getValue().size()));
    }
    byte[] body = JSON.writeValueAsBytes(o);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** {org}/{name}/resolve/{rev}/{path...} */
  private void resolve(HttpExchange ex, String rest) throws IOException {
    String[] parts = rest.split("/", -1);
    int verb = -1;
    for (int i = 1; i < parts.length && i <= 2; i++) if (parts[i].equals("resolve")) verb = i;
    if (verb < 0 || parts.length < verb + 3) {
      record(ex, 404, 0, 0);
      send(ex, 404, "not found", "EntryNotFound");
      return;
    }
    String id = String.join("/", java.util.Arrays.copyOfRange(parts, 0, verb));
    String rev = URLDecoder.decode(parts[verb + 1], StandardCharsets.UTF_8);
    String file = decodePath(String.join("/", java.util.Arrays.copyOfRange(parts, verb + 2, parts.length)));
    Repo repo = repos.get(id);
    if (repo == null || (repo.isPrivate && !authorized(ex))) {
      record(ex, 401, 0, 0);
      send(ex, 401, "unauthorized", "RepoNotFound");
      return;
    }
    ByteSource content = repo.files.get(file);
    if (content == null || !(rev.equals("main") || rev.equals(repo.commit))) {
      record(ex, 404, 0, 0);
      send(ex, 404, "entry not found", content == null ? "EntryNotFound" : "RevisionNotFound");
      return;
    }
    ex.getResponseHeaders().set("X-Repo-Commit", repo.commit);
    if (content.size() >= LFS_THRESHOLD) {
      ex.getResponseHeaders().set("X-Linked-Size", String.valueOf(content.size()));
      ex.getResponseHeaders().set("X-Linked-Etag", "\"lfs-" + file.hashCode() + "\"");
      String rawFile = String.join("/", java.util.Arrays.copyOfRange(parts, verb + 2, parts.length));
      ex.getResponseHeaders().set("Location", "http://localhost:" + port() + "/cdn/" + id + "/" + repo.commit + "/" + rawFile + "?X-Signature=abc");
      record(ex, 302, 0, 0);
      ex.sendResponseHeaders(302, -1);
      return;
    }
    serve(ex, content, "\"git-" + file.hashCode() + "\"");
  }

  /** {org}/{name}/{commit}/{path...} on the other host name. */
  private void cdn(HttpExchange ex, String rest) throws IOException {
    for (Map.Entry<String, Repo> e : repos.entrySet()) {
      String prefix = e.getKey() + "/" + e.getValue().commit + "/";
      if (rest.startsWith(prefix)) {
        String file = decodePath(rest.substring(prefix.length()));
        ByteSource content = e.getValue().files.get(file);
        if (content != null) {
          serve(ex, content, "\"lfs-" + file.hashCode() + "\"");
          return;
        }
      }
    }
    record(ex, 404, 0, 0);
    send(ex, 404, "no such blob", null);
  }

  private void serve(HttpExchange ex, ByteSource content, String etag) throws IOException {
    if (tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("Retry-After", "1");
      record(ex, 429, 0, 0);
      send(ex, 429, "slow down", null);
      return;
    }
    long size = content.size();
    long start = 0;
    long end = size; // exclusive
    int status = 200;
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range != null && !ignoreRange) {
      Matcher m = RANGE.matcher(range);
      if (m.matches()) {
        start = Long.parseLong(m.group(1));
        end = m.group(2).isEmpty() ? size : Math.min(size, Long.parseLong(m.group(2)) + 1);
        if (start >= size) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
          record(ex, 416, start, start);
          ex.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        long total = lieAboutTotal >= 0 ? lieAboutTotal : size;
        ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + total);
      }
    }
    ex.getResponseHeaders().set("ETag", etag);
    ex.getResponseHeaders().set("Accept-Ranges", "bytes");
    long length = end - start;
    if (truncateAfter >= 0 && truncateAfter < length) ex.getResponseHeaders().set("Connection", "close");
    ex.sendResponseHeaders(status, length == 0 ? -1 : length);
    long limit = truncateAfter >= 0 ? Math.min(length, truncateAfter) : length;
    long written = 0;
    try (OutputStream out = ex.getResponseBody()) {
      byte[] buf = new byte[64 << 10];
      while (written < limit) {
        int n = (int) Math.min(buf.length, limit - written);
        int got = content.read(start + written, buf, 0, n);
        if (got <= 0) break;
        out.write(buf, 0, got);
        written += got;
      }
    } catch (IOException e) {
      // the client hung up (it read what it needed from a whole-body answer)
    } finally {
      record(ex, status, start, end, written);
    }
  }

  private static String decodePath(String raw) {
    StringBuilder sb = new StringBuilder();
    for (String part : raw.split("/", -1)) {
      if (sb.length() > 0) sb.append('/');
      sb.append(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private void record(HttpExchange ex, int status, long start, long end) {
    record(ex, status, start, end, 0);
  }

  private void record(HttpExchange ex, int status, long start, long end, long written) {
    String host = ex.getRequestHeaders().getFirst("Host");
    served.add(new Served(host, ex.getRequestURI().getRawPath(), status, start, end, written, ex.getRequestHeaders().getFirst("Authorization") != null));
  }

  private static void send(HttpExchange ex, int status, String message, String errorCode) throws IOException {
    if (errorCode != null) ex.getResponseHeaders().set("X-Error-Code", errorCode);
    byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
