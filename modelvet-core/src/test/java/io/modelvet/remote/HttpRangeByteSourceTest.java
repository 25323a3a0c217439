package io.modelvet.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.testutil.HubTestServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The range source against the real test server: exact bytes, coalescing, cache, accounting. */
class HttpRangeByteSourceTest {
  static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
  static final int SIZE = 3_000_000;
  static final byte[] DATA = new byte[SIZE];
  static HubTestServer server;
  static HttpTransport http;

  @BeforeAll
  @BeforeContainer
  static void start() throws IOException {
    if (server != null) return;
    new Random(7).nextBytes(DATA);
    server = new HubTestServer();
    server.repo("r/data", COMMIT, false).add("blob.bin", DATA).add("small.txt", "hello".getBytes());
    http = new HttpTransport(RemoteSettings.defaults().withEndpoint(server.endpoint()).withToken(HubToken.none()).withRetries(1, Duration.ofMillis(100)));
  }

  @AfterAll
  @AfterContainer
  static void stop() {
    if (server != null) server.close();
    server = null;
  }

  @BeforeEach
  void reset() {
    server.clearServed();
    server.ignoreRange = false;
  }

  URI uri(String path) {
    return URI.create(server.endpoint() + "/r/data/resolve/" + COMMIT + "/" + path);
  }

  HttpRangeByteSource open(String path) throws IOException {
    return HttpRangeByteSource.open(http, uri(path), -1, path, new Traffic(1L << 30));
  }

  @Property(tries = 40)
  void everyReadReturnsExactlyTheFileBytes(@ForAll @IntRange(min = 0, max = SIZE + 10) int position, @ForAll @IntRange(min = 0, max = 300_000) int length) throws IOException {
    start();
    try (HttpRangeByteSource src = open("blob.bin")) {
      byte[] buf = new byte[length];
      int n = src.read(position, buf, 0, length);
      if (position >= SIZE) {
        assertThat(n).isEqualTo(-1);
        return;
      }
      int want = Math.min(length, SIZE - position);
      assertThat(n).isEqualTo(want);
      assertThat(java.util.Arrays.copyOfRange(buf, 0, n)).isEqualTo(java.util.Arrays.copyOfRange(DATA, position, position + want));
      assertThat(src.traffic().bytes()).isLessThanOrEqualTo(65_536L + want + 2L * 65_536);
    }
  }

  @Test
  void aReadAcrossMissingBlocksIsOneRequestAndCachedBlocksCostNothing() throws IOException {
    try (HttpRangeByteSource src = open("blob.bin")) {
      server.clearServed();
      src.readFully(1_000_000, 200_000); // blocks 15..18: one request
      List<HubTestServer.Served> ranges = server.served().stream().filter(s -> s.status() == 206).toList();
      assertThat(ranges).singleElement().satisfies(s -> {
        assertThat(s.start()).isEqualTo(15L * 65_536);
        assertThat(s.end()).isEqualTo(19L * 65_536);
      });
      server.clearServed();
      src.readFully(1_050_000, 100_000);
      src.readFully(0, 10);
      assertThat(server.served()).isEmpty();
      assertThat(src.size()).isEqualTo(SIZE);
    }
  }

  @Test
  void largeFilesGoThroughTheRedirectAndTheCdnLocationIsReused() throws IOException {
    try (HttpRangeByteSource src = open("blob.bin")) {
      src.readFully(2_500_000, 10);
      src.readFully(1_500_000, 10);
      long viaHub = server.served().stream().filter(s -> s.status() == 302).count();
      long viaCdn = server.served().stream().filter(s -> s.path().startsWith("/cdn/")).count();
      assertThat(viaHub).isEqualTo(1);
      assertThat(viaCdn).isEqualTo(3);
    }
  }

  @Test
  void aServerIgnoringRangeIsReadOnlyAsFarAsNeeded() throws IOException {
    server.ignoreRange = true;
    try (HttpRangeByteSource src = open("blob.bin")) {
      assertThat(src.rangeIgnored()).isTrue();
      assertThat(src.readFully(2_900_000, 16)).isEqualTo(java.util.Arrays.copyOfRange(DATA, 2_900_000, 2_900_016));
      assertThat(src.traffic().bytes()).isLessThan(2_900_000L + 4 * 65_536 + (4L << 20));
    }
    // the whole 3 MB body fitted in the default cache; with a 256 KiB cache the far offset needs a new request
    RemoteSettings tight = http.settings().withCache(65_536, 4).withBudgets(1L << 30, 1_000_000);
    try (HttpRangeByteSource src = HttpRangeByteSource.open(new HttpTransport(tight), uri("blob.bin"), -1, "blob.bin", new Traffic(1L << 30))) {
      assertThatThrownBy(() -> src.readFully(2_900_000, 16)).hasMessageContaining("ignores Range requests");
      assertThat(src.traffic().failure()).contains("ignores Range requests");
    }
  }

  @Test
  void theDownloadBudgetStopsReadsAndIsAFailure() throws IOException {
    Traffic traffic = new Traffic(200_000);
    try (HttpRangeByteSource src = HttpRangeByteSource.open(http, uri("blob.bin"), -1, "blob.bin", traffic)) {
      assertThatThrownBy(() -> src.readFully(0, 1_000_000)).isInstanceOf(io.modelvet.engine.BudgetExceededException.class);
      assertThat(traffic.failure()).contains("more than 200000 bytes");
    }
  }

  @Test
  void retryAfterIsHonouredButCapped() {
    HttpTransport t = new HttpTransport(RemoteSettings.defaults().withRetries(3, Duration.ofSeconds(5)));
    assertThat(t.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.retryAfter("86400")).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(t.retryAfter("soon")).isNull();
  }

  @Test
  void theTokenGoesOnlyToTheEndpointHost() {
    URI hub = URI.create("https://huggingface.co");
    assertThat(HttpTransport.sameAuthority(URI.create("https://huggingface.co/api/x"), hub)).isTrue();
    assertThat(HttpTransport.sameAuthority(URI.create("https://cdn-lfs.huggingface.co/x"), hub)).isFalse();
    assertThat(HttpTransport.sameAuthority(URI.create("http://huggingface.co/x"), hub)).isFalse();
    assertThat(HttpTransport.sameAuthority(URI.create("https://huggingface.co:8443/x"), hub)).isFalse();
    assertThat(HubToken.of("hf_secret").toString()).doesNotContain("hf_secret");
  }
}
