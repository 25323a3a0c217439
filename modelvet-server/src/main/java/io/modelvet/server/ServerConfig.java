package io.modelvet.server;

import io.modelvet.server.remote.RemoteSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code modelvet serve} can be told.
 *
 * @param dbUrl JDBC URL, or null for the embedded H2 file under {@code dataDir}
 * @param maxUploadBytes largest accepted upload (413 above)
 * @param workers jobs run at once
 * @param queueLimit most queued jobs; submissions beyond it get 503
 * @param ratePerMinute API requests per token per minute (429 above)
 * @param keepUploads keep uploaded files after their job (default: deleted)
 * @param requestDeadline longest time one HTTP request may take, body included (408 after it)
 * @param remote remote-source support ({@link RemoteSources#NONE} unless {@code --allow-remote})
 */
public record ServerConfig(
    String bind,
    int port,
    Path dataDir,
    String dbUrl,
    List<Path> allowRoots,
    long maxUploadBytes,
    int workers,
    int queueLimit,
    int ratePerMinute,
    boolean keepUploads,
    Duration requestDeadline,
    RemoteSources remote) {
  public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofMinutes(15);

  public ServerConfig {
    allowRoots = List.copyOf(allowRoots);
  }

  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig("127.0.0.1", 8080, dataDir, null, List.of(), 512L << 20, 2, 1000, 600, false, DEFAULT_REQUEST_DEADLINE, RemoteSources.NONE);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(bind, p, dataDir, dbUrl, allowRoots, maxUploadBytes, workers, queueLimit, ratePerMinute, keepUploads, requestDeadline, remote);
  }

  public ServerConfig withDb(String url) {
    return new ServerConfig(bind, port, dataDir, url, allowRoots, maxUploadBytes, workers, queueLimit, ratePerMinute, keepUploads, requestDeadline, remote);
  }

  public ServerConfig withAllowRoots(List<Path> roots) {
    return new ServerConfig(bind, port, dataDir, dbUrl, roots, maxUploadBytes, workers, queueLimit, ratePerMinute, keepUploads, requestDeadline, remote);
  }

  public ServerConfig withLimits(long maxUpload, int newWorkers, int newQueueLimit, int newRate) {
    return new ServerConfig(bind, port, dataDir, dbUrl, allowRoots, maxUpload, newWorkers, newQueueLimit, newRate, keepUploads, requestDeadline, remote);
  }

  public ServerConfig withBind(String b) {
    return new ServerConfig(b, port, dataDir, dbUrl, allowRoots, maxUploadBytes, workers, queueLimit, ratePerMinute, keepUploads, requestDeadline, remote);
  }

  public ServerConfig withKeepUploads(boolean k) {
    return new ServerConfig(bind, port, dataDir, dbUrl, allowRoots, maxUploadBytes, workers, queueLimit, ratePerMinute, k, requestDeadline, remote);
  }

  public ServerConfig withRequestDeadline(Duration d) {
    return new ServerConfig(bind, port, dataDir, dbUrl, allowRoots, maxUploadBytes, workers, queueLimit, ratePerMinute, keepUploads, d, remote);
  }

  public ServerConfig withRemote(RemoteSources r) {
    return new ServerConfig(bind, port, dataDir, dbUrl, allowRoots, maxUploadBytes, workers, queueLimit, ratePerMinute, keepUploads, requestDeadline, r);
  }

  public String jdbcUrl() {
    return dbUrl != null ? dbUrl : io.modelvet.server.db.Database.embeddedUrl(dataDir);
  }
}
