package io.modelvet.remote;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GET requests for remote sources on a hostile network: connect, read and per-request timeouts;
 * bounded retries with exponential backoff on 429 and 5xx answers and network failures, honouring
 * {@code Retry-After} up to a cap; redirects followed by hand, never from https to http, with the
 * token dropped as soon as the chain leaves the hub's host; TLS verification as the JDK does it
 * (never relaxed); at most {@code maxConnections} requests in flight.
 */
public final class HttpTransport {
  private static final int MAX_REDIRECTS = 8;
  private static final String USER_AGENT = "modelvet (static model scanner)";
  private final HttpClient client;
  private final RemoteSettings settings;
  private final Semaphore connections;

  public HttpTransport(RemoteSettings settings) {
    this.settings = settings;
    this.connections = new Semaphore(settings.maxConnections(), true);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public RemoteSettings settings() {
    return settings;
  }

  /** An answer whose body has not been read; close it to release the connection. */
  public static final class Response implements Closeable {
    private final HttpResponse<?> response;
    private final BodyStream body;

    Response(HttpResponse<?> response, BodyStream body) {
      this.response = response;
      this.body = body;
    }

    public int status() {
      return response.statusCode();
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public long headerLong(String name) {
      String v = header(name);
      try {
        return v == null ? -1 : Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** The URL that answered (after redirects). */
    public URI uri() {
      return response.uri();
    }

    BodyStream body() {
      return body;
    }

    @Override
    public void close() {
      body.close();
    }
  }

  /**
   * GETs {@code uri} with optional extra headers (e.g. {@code Range}), following redirects and
   * retrying as configured. Any final status is returned; the caller decides what it means.
   */
  public Response get(URI uri, Map<String, String> headers) throws IOException {
    boolean auth = settings.token().present() && sameAuthority(uri, settings.endpoint());
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Response r = withRetries(current, headers, auth);
      int s = r.status();
      if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) return r;
      String location = r.header("location");
      r.close();
      if (location == null) throw new RemoteAccessException(s, "redirect without a Location from " + redacted(current));
      URI next;
      try {
        next = current.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        throw new RemoteAccessException(s, "redirect to an invalid URL from " + redacted(current));
      }
      if ("https".equals(current.getScheme()) && !"https".equals(next.getScheme()))
        throw new RemoteAccessException(s, "refusing a redirect from https to " + next.getScheme() + " (" + redacted(next) + ")");
      if (!"https".equals(next.getScheme()) && !"http".equals(next.getScheme()))
        throw new RemoteAccessException(s, "refusing a redirect to a non-HTTP URL");
      if (!sameAuthority(next, current)) auth = false; // never forward the token to another host (a CDN)
      current = next;
    }
    throw new RemoteAccessException(0, "too many redirects from " + redacted(uri));
  }

  private Response withRetries(URI uri, Map<String, String> headers, boolean auth) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Response r;
      try {
        r = once(uri, headers, auth);
      } catch (HttpTimeoutException | ConnectException e) {
        if (attempt >= settings.maxRetries()) throw new RemoteAccessException(0, describe(e) + ": " + redacted(uri));
        sleep(backoff(attempt));
        continue;
      } catch (IOException e) {
        if (attempt >= settings.maxRetries()) throw new RemoteAccessException(0, "network error (" + describe(e) + "): " + redacted(uri));
        sleep(backoff(attempt));
        continue;
      }
      int s = r.status();
      if ((s == 429 || s >= 500) && attempt < settings.maxRetries()) {
        Duration wait = retryAfter(r.header("retry-after"));
        r.close();
        sleep(wait != null ? wait : backoff(attempt));
        continue;
      }
      return r;
    }
  }

  private Response once(URI uri, Map<String, String> headers, boolean auth) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(settings.readTimeout()).header("User-Agent", USER_AGENT);
    if ("http".equals(uri.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
    headers.forEach(b::header);
    if (auth) b.header("Authorization", settings.token().bearer());
    try {
      connections.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) connections.release();
    };
    long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
    BodyStream body = new BodyStream(settings.readTimeout().toNanos(), deadline, release);
    try {
      HttpResponse<java.util.concurrent.Flow.Publisher<java.util.List<java.nio.ByteBuffer>>> resp =
          client.send(b.build(), HttpResponse.BodyHandlers.ofPublisher());
      resp.body().subscribe(body);
      return new Response(resp, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      body.close();
      throw new IOException("interrupted");
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  private Duration backoff(int attempt) {
    long base = 250L << Math.min(attempt, 8);
    long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return cap(Duration.ofMillis(base + jitter));
  }

  /** {@code Retry-After} as seconds or an HTTP date, capped; null when absent or unreadable. */
  Duration retryAfter(String value) {
    if (value == null) return null;
    String v = value.trim();
    try {
      return cap(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return cap(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private Duration cap(Duration d) {
    return d.compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait() : d;
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) return "timed out";
    if (e instanceof ConnectException) return "cannot connect";
    if (e instanceof javax.net.ssl.SSLException) return "TLS verification failed";
    return e.getMessage() != null ? e.getMessage() : "connection failed";
  }

  static boolean sameAuthority(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && a.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost() == null ? null : b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
  }

  /** A URL for messages: without query or fragment (signed CDN URLs carry credentials there). */
  public static String redacted(URI u) {
    try {
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (java.net.URISyntaxException e) {
      return u.getScheme() + "://" + u.getHost();
    }
  }
}
