package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.server.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-token rate limit: a burst beyond it gets 429 with Retry-After; other tokens are unaffected. */
class RateLimitTest {
  @Test
  void burstBeyondTheLimitGets429AndOtherTokensGoOn() throws Exception {
    Path tmp = Files.createTempDirectory("modelvet-rate");
    ModelVetServer server = ModelVetServer.start(ServerConfig.defaults(tmp.resolve("data")).withPort(0).withLimits(1 << 20, 1, 100, 5));
    try {
      String a = server.tokens().create("a", Role.READER);
      String b = server.tokens().create("b", Role.READER);
      Client client = new Client(server.port());
      for (int i = 0; i < 5; i++) assertThat(client.get("/api/scans", a).status()).isEqualTo(200);
      Client.Response limited = client.get("/api/scans", a);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.json().path("error").asText()).contains("rate limit");
      assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("12");
      assertThat(client.get("/api/scans", b).status()).isEqualTo(200);
    } finally {
      server.stop(Duration.ofSeconds(5));
      TestFiles.deleteTree(tmp);
    }
  }
}
