package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault: the server runs as a separate JVM process; 50 jobs are queued, the process is killed with
 * SIGKILL while jobs are still queued and running, and a new process on the same data folder and
 * database must finish all 50, none lost and none run to two results. Run on the embedded H2 file
 * and on PostgreSQL by the subclasses.
 */
abstract class RestartFaultTests {
  private static final int JOBS = 50;
  private final List<Process> processes = new ArrayList<>();
  private Path tmp;

  /** The JDBC URL for {@code --db}, or null for the embedded H2 file in the data folder. */
  abstract String dbUrl();

  /** {@code --data-dir DIR} and, when not on H2, {@code --db URL}. */
  private List<String> storage(Path data) {
    List<String> a = new ArrayList<>(List.of("--data-dir", data.toString()));
    String url = dbUrl();
    if (url != null) a.addAll(List.of("--db", url));
    return a;
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    TestFiles.deleteTree(tmp);
  }

  @Test
  void killedMidQueueAllJobsFinishAfterRestartNoneDuplicated() throws Exception {
    tmp = Files.createTempDirectory("modelvet-restart");
    Path data = tmp.resolve("data");
    String submitter = cli(data, "--create-token", "pipeline", "--role", "submitter");
    String admin = cli(data, "--create-token", "ops", "--role", "admin");
    assertThat(submitter).startsWith("mvt_");

    int port = freePort();
    Process first = serve(data, port, "first");
    Client client = new Client(port);
    awaitHealthy(client, first);
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < JOBS; i++) {
      Client.Response r = client.upload(submitter, "bundle.zip", Fixtures.zipOfPickles(100, i), "fault/model-" + i);
      assertThat(r.status()).isEqualTo(202);
      ids.add(r.json().path("id").asText());
    }
    long doneAtKill;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      doneAtKill = countDone(client, admin);
      if (doneAtKill >= 2 || System.nanoTime() > deadline) break;
      Thread.sleep(50);
    }
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
    first.waitFor(30, TimeUnit.SECONDS);
    assertThat(doneAtKill).as("the kill must come while jobs are still queued").isBetween(2L, (long) JOBS - 5);

    long t0 = System.nanoTime();
    Process second = serve(data, port, "second");
    awaitHealthy(client, second);
    // The start-up lines are printed after the listener opens: wait for them rather than race the health check.
    String out = awaitLog(tmp.resolve("second.log"), "Resumed", second);
    assertThat(out).containsPattern("Resumed \\d+ job\\(s\\) left by the last stop");
    Map<String, JsonNode> finals = new HashMap<>();
    for (String id : ids) finals.put(id, client.await("/api/scans/", id, admin, 600));
    double seconds = (System.nanoTime() - t0) / 1e9;

    JsonNode all = client.get("/api/scans?limit=500", admin).json().path("scans");
    assertThat(all).hasSize(JOBS);
    int reRun = 0;
    for (JsonNode j : all) {
      String id = j.path("id").asText();
      assertThat(ids).contains(id);
      JsonNode f = finals.get(id);
      assertThat(f.path("status").asText()).as(f.toString()).isEqualTo("done");
      assertThat(f.path("verdict").asText()).isEqualTo("fail");
      assertThat(f.path("report").path("files").size()).isGreaterThan(100); // the zip and its members
      assertThat(f.path("attempts").asInt()).isBetween(1, 2);
      if (f.path("attempts").asInt() == 2) reRun++;
    }
    long submits = 0;
    for (JsonNode e : client.get("/api/audit?limit=500", admin).json().path("entries")) if (e.path("action").asText().equals("scan.submit")) submits++;
    assertThat(submits).isEqualTo(JOBS);
    System.out.printf("RESTART (%s) %d jobs: %d done when the first process was killed (SIGKILL), %d were running and ran again,"
        + " all %d done %.1f s after the restart began; %d rows, no duplicates%n", dbUrl() == null ? "H2" : "PostgreSQL", JOBS, doneAtKill, reRun, JOBS, seconds, all.size());

    second.destroy(); // SIGTERM: graceful stop
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private static String awaitLog(Path log, String text, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String out = "";
    while (System.nanoTime() < deadline) {
      out = Files.readString(log);
      if (out.contains(text)) return out;
      assertThat(p.isAlive()).as("server process exited: " + out).isTrue();
      Thread.sleep(100);
    }
    return out;
  }

  private long countDone(Client client, String token) throws IOException, InterruptedException {
    long n = 0;
    for (JsonNode j : client.get("/api/scans?limit=500", token).json().path("scans")) if (j.path("status").asText().equals("done")) n++;
    return n;
  }

  private static List<String> java(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
        "-cp", System.getProperty("java.class.path"), ServeCommand.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private String cli(Path data, String... args) throws Exception {
    List<String> a = storage(data);
    a.addAll(List.of(args));
    Process p = new ProcessBuilder(java(a.toArray(String[]::new))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private Process serve(Path data, int port, String name) throws IOException {
    List<String> a = storage(data);
    a.addAll(List.of("--port", Integer.toString(port), "--workers", "1"));
    Process p = new ProcessBuilder(java(a.toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    processes.add(p);
    return p;
  }

  private static void awaitHealthy(Client client, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("server process exited").isTrue();
      try {
        if (client.get("/health", null).status() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("server did not become healthy");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
