package io.modelvet.server;

import io.modelvet.server.auth.Role;
import io.modelvet.server.auth.TokenStore;
import io.modelvet.server.db.Database;
import io.modelvet.remote.HubToken;
import io.modelvet.remote.RemoteSettings;
import io.modelvet.server.remote.HubSources;
import io.modelvet.server.remote.RemoteSources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code modelvet serve}: the entry point of the server jar (the launcher dispatches {@code serve} here). */
@Command(
    name = "modelvet serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the ModelVet scanning service: a JSON API (see /openapi.json), web pages, scan history.",
      "With no options everything is stored under ./modelvet-data in an embedded H2 database, and the",
      "server listens on 127.0.0.1:8080. On first start an admin token is created and printed once.",
      "",
      "Token management (prints the new token on standard output and exits):",
      "  modelvet serve --data-dir DIR --create-token NAME --role reader|submitter|admin",
      "  modelvet serve --data-dir DIR --revoke-token NAME"
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--data-dir", defaultValue = "modelvet-data", description = "Where the database and pending uploads live (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db", paramLabel = "JDBC-URL", description = "Use this database instead of the embedded H2 file, e.g. jdbc:postgresql://host/db?user=u&password=p.")
  String db;

  @Option(names = "--allow-root", arity = "1..*", paramLabel = "DIR", description = "Folders whose files may be scanned by server-side path (default: none).")
  List<Path> allowRoots = new ArrayList<>();

  @Option(names = "--max-upload-mb", defaultValue = "512", description = "Largest upload in MiB (default: ${DEFAULT-VALUE}).")
  long maxUploadMb;

  @Option(names = "--workers", defaultValue = "2", description = "Jobs run at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--queue-limit", defaultValue = "1000", description = "Most queued jobs before submissions get 503 (default: ${DEFAULT-VALUE}).")
  int queueLimit;

  @Option(names = "--rate-limit", defaultValue = "600", description = "API requests per token per minute (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--keep-uploads", description = "Keep uploaded files after their scan (default: deleted).")
  boolean keepUploads;

  @Option(names = "--request-timeout", defaultValue = "900", paramLabel = "SECONDS",
      description = "Longest time one HTTP request may take, upload included; a slower one gets 408 (default: ${DEFAULT-VALUE}).")
  long requestTimeoutSeconds;

  @Option(names = "--allow-remote", description = "Accept remote sources: {\"source\": \"hf://org/name@rev\"} and hub web URLs (default: refused with 400).")
  boolean allowRemote;

  @Option(names = "--hf-endpoint", paramLabel = "URL", description = "Hub or mirror that hf:// names resolve against (default: $HF_ENDPOINT, else https://huggingface.co).")
  String hfEndpoint;

  @Option(names = "--token-file", paramLabel = "FILE", description = "Hub access token read from FILE (default: $HF_TOKEN); sent to the hub's host only.")
  Path tokenFile;

  @Option(names = "--remote-host", arity = "1..*", paramLabel = "HOST",
      description = "Hosts whose https:// file URLs may be scanned (with --allow-remote; default: none, only the hub).")
  List<String> remoteHosts = new ArrayList<>();

  @Option(names = "--create-token", paramLabel = "NAME", description = "Create an API token, print it and exit.")
  String createToken;

  @Option(names = "--role", defaultValue = "reader", description = "Role of --create-token: reader, submitter or admin (default: ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--revoke-token", paramLabel = "NAME", description = "Revoke the token with this name and exit.")
  String revokeToken;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("modelvet serve: " + (ex.getMessage() != null ? ex.getMessage() : "failed to start"));
      return 2;
    });
    int code = cli.execute(args);
    if (code != 0) System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig cfg = config();
    if (createToken != null || revokeToken != null) return manageTokens(cfg);
    ModelVetServer server = ModelVetServer.start(cfg);
    String firstToken = server.tokens().names().isEmpty() ? server.tokens().create("admin", Role.ADMIN) : null;
    System.out.println("ModelVet server on http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + server.port()
        + "  (data: " + dataDir.toAbsolutePath() + ", database: " + (db == null ? "embedded H2" : "external") + ")");
    if (cfg.remote() instanceof HubSources h) System.out.println("Remote sources on: hf:// names resolve against " + h.endpoint());
    if (server.resumedJobs() + server.waitingJobs() > 0) {
      System.out.println("Resumed " + (server.resumedJobs() + server.waitingJobs()) + " job(s) left by the last stop ("
          + server.resumedJobs() + " interrupted while running and queued again, " + server.waitingJobs() + " still queued).");
    }
    if (firstToken != null) {
      System.out.println("First start: created admin token 'admin' (shown only now; sign in with it):");
      System.out.println("  " + firstToken);
    }
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(Duration.ofSeconds(20));
      stopped.countDown();
    }, "modelvet-shutdown"));
    stopped.await();
    return 0;
  }

  /** The server configuration the options describe. */
  ServerConfig config() throws IOException {
    if (requestTimeoutSeconds < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--request-timeout must be at least 1 second");
    if (!allowRemote && (hfEndpoint != null || tokenFile != null || !remoteHosts.isEmpty()))
      throw new CommandLine.ParameterException(new CommandLine(this), "--hf-endpoint, --token-file and --remote-host need --allow-remote");
    return new ServerConfig(bind, port, dataDir, db, allowRoots, maxUploadMb << 20, workers, queueLimit, rateLimit, keepUploads,
        Duration.ofSeconds(requestTimeoutSeconds), allowRemote ? remoteSources() : RemoteSources.NONE);
  }

  private RemoteSources remoteSources() throws IOException {
    RemoteSettings s = RemoteSettings.defaults();
    if (hfEndpoint != null) s = s.withEndpoint(RemoteSettings.endpointOf(hfEndpoint));
    if (tokenFile != null) s = s.withToken(HubToken.fromFile(tokenFile));
    return new HubSources(s, Set.copyOf(remoteHosts));
  }

  private int manageTokens(ServerConfig cfg) {
    try (Database d = Database.open(cfg.jdbcUrl(), 3)) {
      TokenStore tokens = new TokenStore(d);
      if (revokeToken != null) {
        if (!tokens.revoke(revokeToken)) {
          System.err.println("modelvet serve: no active token named '" + revokeToken + "'");
          return 2;
        }
        System.err.println("revoked token '" + revokeToken + "'");
        return 0;
      }
      System.out.println(tokens.create(createToken, Role.parse(role)));
      return 0;
    }
  }
}
