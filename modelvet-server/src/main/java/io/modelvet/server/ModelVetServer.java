package io.modelvet.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.modelvet.server.api.ApiRoutes;
import io.modelvet.server.api.Auth;
import io.modelvet.server.api.HttpError;
import io.modelvet.server.api.Json;
import io.modelvet.server.api.RequestDeadline;
import io.modelvet.server.auth.AuditLog;
import io.modelvet.server.auth.RateLimiter;
import io.modelvet.server.auth.TokenStore;
import io.modelvet.server.auth.WebSessions;
import io.modelvet.server.db.Database;
import io.modelvet.server.jobs.AllowedRoots;
import io.modelvet.server.jobs.JobStore;
import io.modelvet.server.jobs.ScanExecutor;
import io.modelvet.server.jobs.ServerMetrics;
import io.modelvet.server.jobs.Submissions;
import io.modelvet.server.jobs.TestExecutor;
import io.modelvet.server.jobs.WorkerPool;
import io.modelvet.server.web.WebRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code modelvet serve}: the database, the job queue and its workers, and the HTTP server with the
 * JSON API, the web pages, {@code /health}, {@code /metrics} and {@code /openapi.json}.
 */
public final class ModelVetServer implements AutoCloseable {
  /** Idle time after which a slow or stalled connection is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  private static final String ANSWERED = "modelvet.answered";
  private final Database db;
  private final WorkerPool pool;
  private final Javalin app;
  private final int resumed;
  private final int waiting;
  private final TokenStore tokens;

  private ModelVetServer(Database db, WorkerPool pool, Javalin app, int resumed, int waiting, TokenStore tokens) {
    this.tokens = tokens;
    this.db = db;
    this.pool = pool;
    this.app = app;
    this.resumed = resumed;
    this.waiting = waiting;
  }

  /** Opens the database (migrating it), resumes interrupted jobs and starts listening. */
  public static ModelVetServer start(ServerConfig cfg) throws IOException {
    Path data = Files.createDirectories(cfg.dataDir());
    Path uploads = Files.createDirectories(data.resolve("uploads"));
    Path tmp = Files.createDirectories(data.resolve("tmp"));
    Database db = Database.open(cfg.jdbcUrl(), Math.max(4, cfg.workers() + 4));
    try {
      return wire(cfg, db, uploads, tmp);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static ModelVetServer wire(ServerConfig cfg, Database db, Path uploads, Path tmp) throws IOException {
    JobStore store = new JobStore(db);
    TokenStore tokens = new TokenStore(db);
    AuditLog audit = new AuditLog(db);
    WebSessions sessions = new WebSessions(db, tokens);
    AllowedRoots roots = new AllowedRoots(cfg.allowRoots());
    int cores = Runtime.getRuntime().availableProcessors();
    ScanExecutor scans = new ScanExecutor(Math.max(1, cores / Math.max(1, cfg.workers())), cfg.remote(), roots);
    WorkerPool[] poolRef = new WorkerPool[1];
    ServerMetrics metrics = new ServerMetrics(() -> store.count(JobStore.QUEUED), () -> poolRef[0] == null ? 0 : poolRef[0].running());
    WorkerPool pool = new WorkerPool(store, scans, new TestExecutor(), metrics, cfg.keepUploads());
    poolRef[0] = pool;
    Submissions submissions = new Submissions(store, pool, roots, cfg.remote(), uploads, cfg.maxUploadBytes(), cfg.queueLimit());
    Auth auth = new Auth(tokens, sessions, new RateLimiter(cfg.ratePerMinute()), audit);
    ApiRoutes api = new ApiRoutes(store, submissions, audit);
    WebRoutes web = new WebRoutes(store, submissions, tokens, sessions, audit, auth);
    byte[] openapi = resource("openapi.json");

    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.http.maxRequestSize = ApiRoutes.MAX_JSON_BODY;
      c.jetty.multipartConfig.cacheDirectory(tmp.toString());
      c.jetty.multipartConfig.maxFileSize(cfg.maxUploadBytes(), SizeUnit.BYTES);
      c.jetty.multipartConfig.maxTotalRequestSize(cfg.maxUploadBytes() + (1 << 20), SizeUnit.BYTES);
      c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
      c.jetty.modifyServer(server -> {
        for (var conn : server.getConnectors()) if (conn instanceof ServerConnector sc) sc.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.insertHandler(new RequestDeadline(cfg.requestDeadline()));
      });
      c.jetty.modifyHttpConfiguration(h -> {
        h.setRequestHeaderSize(16 * 1024);
        h.setSendServerVersion(false);
      });
      c.routes.before(ctx -> {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
      });
      c.routes.get("/health", ctx -> Json.send(ctx, 200, Json.object().put("status", "ok").put("queued", store.count(JobStore.QUEUED)).put("running", pool.running())));
      c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
      c.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
      api.register(c.routes, auth);
      web.register(c.routes);
      c.routes.exception(HttpError.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
      c.routes.exception(io.modelvet.server.jobs.SubmitException.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
      c.routes.exception(Exception.class, (e, ctx) -> {
        if (RequestDeadline.causedBy(e)) {
          answer(ctx, 408, HttpError.timedOut(e).getMessage());
          return;
        }
        System.err.println("modelvet serve: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
        answer(ctx, 500, "internal error; the server log has details");
      });
      // Javalin's own 404/413/... texts echo the request path as plain text: replace them with ours.
      for (int status : new int[] {400, 404, 405, 408, 413, 500}) {
        c.routes.error(status, ctx -> {
          if (ctx.attribute(ANSWERED) == null) answer(ctx, status, status == 404 ? "not found" : status == 413 ? "request body too large" : status == 408 ? "the request took too long" : "request failed");
        });
      }
    });
    int waiting = store.count(JobStore.QUEUED);
    int resumed = pool.start(cfg.workers());
    app.start(cfg.bind(), cfg.port());
    return new ModelVetServer(db, pool, app, resumed, waiting, tokens);
  }

  /** A JSON error for API paths, an escaped HTML page for the rest. */
  private static void answer(Context ctx, int status, String message) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
    if (ctx.path().startsWith("/api/") || ctx.path().equals("/openapi.json")) Json.error(ctx, status, message);
    else WebRoutes.errorPage(ctx, status, message);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ModelVetServer.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing resource " + name);
      return in.readAllBytes();
    }
  }

  /** The API tokens of this server's database. */
  public TokenStore tokens() {
    return tokens;
  }

  public int port() {
    return app.port();
  }

  /** Jobs that a previous process left running and that were queued again at start. */
  public int resumedJobs() {
    return resumed;
  }

  /** Jobs that were still queued, not yet started, when this process started. */
  public int waitingJobs() {
    return waiting;
  }

  /** Graceful stop: no new requests, running jobs get {@code grace} to finish, then the database closes. */
  public void stop(Duration grace) {
    app.stop();
    pool.stop(grace);
    db.close();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
