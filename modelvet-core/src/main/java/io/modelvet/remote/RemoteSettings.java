package io.modelvet.remote;

import java.net.URI;
import java.time.Duration;

/**
 * How remote sources are fetched.
 *
 * @param endpoint the Hugging Face Hub (or a mirror) that {@code hf://} names resolve against
 * @param token sent as a bearer token to the endpoint's host only; {@link HubToken#none()} for none
 * @param connectTimeout time to open a connection
 * @param readTimeout longest wait for response headers or for the next bytes of a body
 * @param requestTimeout longest time one request may take, body included
 * @param maxRetries retries of a request answered 429/5xx or failed by the network
 * @param maxRetryWait longest wait between retries, whatever {@code Retry-After} asks for
 * @param maxConnections requests in flight at once, over all files
 * @param blockSize bytes per cached block (range requests are whole blocks)
 * @param cacheBlocks blocks cached per open file
 * @param maxBytesPerFile most bytes downloaded to scan one file (with the neighbours it refers to)
 * @param maxPrefixWithoutRange most bytes read and discarded to reach an offset when a server
 *     ignores {@code Range} and sends whole files
 */
public record RemoteSettings(
    URI endpoint,
    HubToken token,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration maxRetryWait,
    int maxConnections,
    int blockSize,
    int cacheBlocks,
    long maxBytesPerFile,
    long maxPrefixWithoutRange) {

  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

  /** Defaults: the public Hub (or {@code HF_ENDPOINT}), the token from {@code HF_TOKEN} if set. */
  public static RemoteSettings defaults() {
    String env = System.getenv("HF_ENDPOINT");
    URI endpoint = env == null || env.isBlank() ? DEFAULT_ENDPOINT : endpointOf(env);
    return new RemoteSettings(
        endpoint,
        HubToken.fromEnvironment(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        4,
        Duration.ofSeconds(30),
        8,
        64 << 10,
        64,
        2L << 30,
        64L << 20);
  }

  /** Parses an endpoint URL ({@code https://host[:port][/prefix]}), rejecting anything else. */
  public static URI endpointOf(String url) {
    URI u;
    try {
      u = URI.create(url.trim().replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid hub endpoint URL: " + url);
    }
    if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme())))
      throw new IllegalArgumentException("the hub endpoint must be an http(s) URL with a host: " + url);
    return u;
  }

  public RemoteSettings withEndpoint(URI e) {
    return new RemoteSettings(e, token, connectTimeout, readTimeout, requestTimeout, maxRetries, maxRetryWait, maxConnections, blockSize, cacheBlocks, maxBytesPerFile, maxPrefixWithoutRange);
  }

  public RemoteSettings withToken(HubToken t) {
    return new RemoteSettings(endpoint, t, connectTimeout, readTimeout, requestTimeout, maxRetries, maxRetryWait, maxConnections, blockSize, cacheBlocks, maxBytesPerFile, maxPrefixWithoutRange);
  }

  public RemoteSettings withTimeouts(Duration connect, Duration read, Duration request) {
    return new RemoteSettings(endpoint, token, connect, read, request, maxRetries, maxRetryWait, maxConnections, blockSize, cacheBlocks, maxBytesPerFile, maxPrefixWithoutRange);
  }

  public RemoteSettings withRetries(int retries, Duration maxWait) {
    return new RemoteSettings(endpoint, token, connectTimeout, readTimeout, requestTimeout, retries, maxWait, maxConnections, blockSize, cacheBlocks, maxBytesPerFile, maxPrefixWithoutRange);
  }

  public RemoteSettings withMaxConnections(int n) {
    return new RemoteSettings(endpoint, token, connectTimeout, readTimeout, requestTimeout, maxRetries, maxRetryWait, Math.max(1, n), blockSize, cacheBlocks, maxBytesPerFile, maxPrefixWithoutRange);
  }

  public RemoteSettings withCache(int blockBytes, int blocks) {
    return new RemoteSettings(endpoint, token, connectTimeout, readTimeout, requestTimeout, maxRetries, maxRetryWait, maxConnections, Math.max(4096, blockBytes), Math.max(1, blocks), maxBytesPerFile, maxPrefixWithoutRange);
  }

  public RemoteSettings withBudgets(long perFile, long prefixWithoutRange) {
    return new RemoteSettings(endpoint, token, connectTimeout, readTimeout, requestTimeout, maxRetries, maxRetryWait, maxConnections, blockSize, cacheBlocks, perFile, prefixWithoutRange);
  }
}
