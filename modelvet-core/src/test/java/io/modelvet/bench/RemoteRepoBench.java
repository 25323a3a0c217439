package io.modelvet.bench;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.remote.HubToken;
import io.modelvet.remote.RemoteFilter;
import io.modelvet.remote.RemoteScan;
import io.modelvet.remote.RemoteSettings;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import io.modelvet.testutil.HubTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scans a 300-file repository served by a local Hub-like server (127.0.0.1) and prints the bytes
 * transferred, the requests, the connections in flight at most and the wall time, next to a local
 * scan of the same folder. The big files are sparse (holes), so the repository announces ~1.3 TB
 * while using little disk. Not a unit test; run its {@code main} (bench/run.sh).
 */
public final class RemoteRepoBench {
  private static final byte[] STATE_DICT = {(byte) 0x80, 2, '}', 'q', 0, '.'};

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getenv().getOrDefault("BENCH_DIR", "/tmp"))), "remote-repo-");
    int connections = Integer.getInteger("connections", 8);
    build(dir);
    try (HubTestServer server = new HubTestServer()) {
      server.repo("bench/three-hundred", "feedfacefeedfacefeedfacefeedfacefeedface", false).addFolder(dir);
      RemoteSettings settings = RemoteSettings.defaults().withEndpoint(server.endpoint()).withToken(HubToken.none()).withMaxConnections(connections);
      ScanOptions options = ScanOptions.defaults();
      new RemoteScan(options, settings, RemoteFilter.all()).scan(List.of("hf://bench/three-hundred"), null); // warm-up
      server.clearServed();
      server.maxInFlight.set(0);
      long t0 = System.nanoTime();
      ScanReport r = new RemoteScan(options, settings, RemoteFilter.all()).scan(List.of("hf://bench/three-hundred"), null);
      long remoteMs = (System.nanoTime() - t0) / 1_000_000;
      t0 = System.nanoTime();
      ScanReport l = new ScanEngine(ScannerRegistry.defaults(), options).scan(List.of(dir), null);
      long localMs = (System.nanoTime() - t0) / 1_000_000;
      List<FileResult> top = r.files().stream().filter(f -> f.bytesFetched() >= 0).toList();
      long size = top.stream().mapToLong(FileResult::size).sum();
      long fileRequests = server.served().stream().filter(s -> !s.path().startsWith("/api/")).count();
      System.out.printf("files: %d top-level (%d results with archive members), announced size %.1f GB%n", top.size(), r.files().size(), size / 1e9);
      System.out.printf("remote: %d ms, %d bytes fetched (%.2f MB; %.5f%% of the size), %d file requests, at most %d in flight (limit %d)%n",
          remoteMs, r.bytesFetched(), r.bytesFetched() / 1e6, 100.0 * r.bytesFetched() / size, fileRequests, server.maxInFlight.get(), connections);
      System.out.printf("local:  %d ms for the same folder; verdicts remote %s, local %s%n", localMs, r.countsByVerdict(), l.countsByVerdict());
      for (String kind : List.of(".pt", ".safetensors", ".pkl", ".json", ".md")) {
        List<FileResult> k = top.stream().filter(f -> f.path().endsWith(kind)).toList();
        System.out.printf("  %-12s %3d files, %10.1f MB announced, %8.1f KB fetched (%.1f KB per file)%n", kind, k.size(),
            k.stream().mapToLong(FileResult::size).sum() / 1e6, k.stream().mapToLong(FileResult::bytesFetched).sum() / 1e3,
            k.stream().mapToLong(FileResult::bytesFetched).average().orElse(0) / 1e3);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** 60 each: sparse 2 GB torch zips, sparse 10 GB safetensors, small pickles, configs, model cards. */
  private static void build(Path dir) throws IOException {
    for (int i = 0; i < 60; i++) {
      Path sub = Files.createDirectories(dir.resolve(String.format("shard-%02d", i)));
      SparseFixtures.torchZip(sub.resolve("pytorch_model.pt"), STATE_DICT, 2_000_000_000L);
      SparseFixtures.sparseSafetensors(sub.resolve("model.safetensors"));
      StringBuilder pickle = new StringBuilder("(l"); // protocol 0: a list of strings
      for (int j = 0; j < 200 * (i + 1); j++) pickle.append("Vtoken").append(j).append("\na");
      Files.write(sub.resolve("tokens.pkl"), pickle.append('.').toString().getBytes(StandardCharsets.US_ASCII));
      Files.writeString(sub.resolve("config.json"), "{\"model_type\":\"llama\",\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":" + (64 * (i + 1)) + ",\"torch_dtype\":\"float16\"}");
      Files.writeString(sub.resolve("README.md"), "# shard " + i + "\n\n" + "A model card line.\n".repeat(50 * (i + 1)));
    }
  }
}
