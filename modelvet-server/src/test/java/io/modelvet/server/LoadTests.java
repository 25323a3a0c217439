package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.server.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Load: 200 submissions of small files from 20 concurrent clients (each with its own token) against
 * one server on loopback. Every job must finish with a result, the database must hold exactly the
 * accepted jobs, and the only non-202 answers allowed are deliberate 429s (retried after
 * Retry-After). Prints the figures; asserts correctness only.
 */
abstract class LoadTests {
  static final int CLIENTS = 20;
  static final int PER_CLIENT = 10;

  abstract String dbUrl();

  @Test
  void twoHundredConcurrentSubmissionsAllFinishOnce() throws Exception {
    Path tmp = Files.createTempDirectory("modelvet-load");
    ModelVetServer server = ModelVetServer.start(ServerConfig.defaults(tmp.resolve("data")).withDb(dbUrl()).withPort(0).withLimits(1 << 20, 2, 1000, 10_000));
    try {
      List<String> tokens = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) tokens.add(server.tokens().create("client-" + c, Role.SUBMITTER));
      String reader = server.tokens().create("reader", Role.READER);
      Client client = new Client(server.port());
      Set<String> ids = ConcurrentHashMap.newKeySet();
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      long t0 = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int cl = c;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < PER_CLIENT; i++) {
            byte[] file = (cl + i) % 2 == 0 ? Fixtures.maliciousPickle("echo " + cl + "-" + i) : Fixtures.safetensors(8, cl * 100 + i);
            String name = (cl + i) % 2 == 0 ? "m.pkl" : "m.safetensors";
            for (int attempt = 0; attempt < 200; attempt++) {
              long s = System.nanoTime();
              Client.Response r = client.upload(tokens.get(cl), name, file, "load/client-" + cl);
              latencies.add(System.nanoTime() - s);
              statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
              if (r.status() == 202) {
                ids.add(r.json().path("id").asText());
                break;
              }
              assertThat(r.status()).as(r.body()).isEqualTo(429);
              Thread.sleep(1000L * Long.parseLong(r.raw().headers().firstValue("Retry-After").orElse("1")));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
      pool.shutdown();
      long submitted = System.nanoTime();
      assertThat(ids).hasSize(CLIENTS * PER_CLIENT);
      int fails = 0;
      for (String id : ids) {
        JsonNode done = client.await("/api/scans/", id, reader, 600);
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("report").path("files")).hasSize(1);
        if (done.path("verdict").asText().equals("fail")) fails++;
      }
      long finished = System.nanoTime();
      JsonNode all = client.get("/api/scans?limit=500", reader).json().path("scans");
      Set<String> inDb = new HashSet<>();
      for (JsonNode j : all) inDb.add(j.path("id").asText());
      assertThat(inDb).isEqualTo(ids);
      assertThat(fails).isEqualTo(CLIENTS * PER_CLIENT / 2);
      assertThat(statuses.keySet()).isSubsetOf(202, 429);
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf("LOAD [%s] %d submissions from %d clients: all accepted in %.1f s (answers %s), all done after %.1f s (%.1f jobs/s end to end);"
              + " submit latency p50 %.0f ms, p95 %.0f ms; jobs in DB %d%n",
          dbUrl() == null ? "h2" : "postgresql", ids.size(), CLIENTS, (submitted - t0) / 1e9, statuses, (finished - t0) / 1e9,
          ids.size() / ((finished - t0) / 1e9), sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 95 / 100) / 1e6, inDb.size());
    } finally {
      server.stop(Duration.ofSeconds(5));
      TestFiles.deleteTree(tmp);
    }
  }
}
