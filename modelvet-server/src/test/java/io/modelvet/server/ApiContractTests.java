package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.modelvet.server.auth.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API contract over real HTTP against a running server; run once on H2 and once on PostgreSQL
 * by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContractTests {
  static final long MAX_UPLOAD = 1 << 20;
  Path tmp;
  ModelVetServer server;
  Client client;
  String admin;
  String submitter;
  String reader;
  Path allowed;
  Path outside;

  /** The JDBC URL to run on, or null for the embedded H2 file. */
  abstract String dbUrl();

  @BeforeAll
  void start() throws Exception {
    String url = dbUrl();
    tmp = Files.createTempDirectory("modelvet-api");
    allowed = Files.createDirectories(tmp.resolve("models"));
    outside = Files.createDirectories(tmp.resolve("private"));
    server = ModelVetServer.start(ServerConfig.defaults(tmp.resolve("data")).withDb(url).withPort(0)
        .withAllowRoots(List.of(allowed)).withLimits(MAX_UPLOAD, 2, 1000, 10_000));
    client = new Client(server.port());
    admin = server.tokens().create("admin-t", Role.ADMIN);
    submitter = server.tokens().create("ci-pipeline", Role.SUBMITTER);
    reader = server.tokens().create("dashboard", Role.READER);
  }

  @AfterAll
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
    TestFiles.deleteTree(tmp);
  }

  @Test
  void maliciousUploadIsAcceptedQueuedAndFailsWithTheCliJsonReport() throws Exception {
    Client.Response r = client.upload(submitter, "evil.pkl", Fixtures.maliciousPickle("echo pwned"), null);
    assertThat(r.status()).isEqualTo(202);
    String id = r.json().path("id").asText();
    assertThat(id).isNotBlank();
    assertThat(r.json().path("status").asText()).isEqualTo("queued");

    JsonNode done = client.await("/api/scans/", id, reader, 60);
    assertThat(done.path("status").asText()).isEqualTo("done");
    assertThat(done.path("verdict").asText()).isEqualTo("fail");
    JsonNode report = done.path("report");
    JsonNode finding = report.path("files").get(0).path("findings").get(0);
    assertThat(report.path("files").get(0).path("path").asText()).isEqualTo("evil.pkl");
    assertThat(finding.path("ruleId").asText()).isEqualTo("pickle.denied-callable");
    assertThat(finding.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(finding.path("evidence").asText()).isEqualTo("os.system('echo pwned')");
    assertThat(report.path("summary").path("exitCode").asInt()).isEqualTo(1);
    // the same JSON as `modelvet scan --format json`: valid against the published report schema
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(Files.newInputStream(Path.of("..", "docs", "report.schema.json")));
    assertThat(schema.validate(report)).isEmpty();
    // uploads are deleted after the scan, once its outcome is stored (so just after "done" is visible)
    Path upload = tmp.resolve("data/uploads/" + id);
    for (int i = 0; i < 100 && Files.exists(upload); i++) Thread.sleep(100);
    assertThat(Files.exists(upload)).as("upload folder deleted within 10 s of the job finishing").isFalse();
  }

  @Test
  void benignUploadPassesAndSarifAndBomAreServed() throws Exception {
    String id = client.upload(submitter, "weights.safetensors", Fixtures.safetensors(16, 1), null).json().path("id").asText();
    JsonNode done = client.await("/api/scans/", id, reader, 60);
    assertThat(done.path("verdict").asText()).isEqualTo("pass");
    assertThat(done.path("findings").asInt()).isZero();
    assertThat(done.path("report").path("files").get(0).path("format").asText()).isEqualTo("safetensors");

    Client.Response sarif = client.get("/api/scans/" + id + "/sarif", reader);
    assertThat(sarif.status()).isEqualTo(200);
    assertThat(sarif.json().path("version").asText()).isEqualTo("2.1.0");
    Client.Response bom = client.get("/api/scans/" + id + "/bom", reader);
    assertThat(bom.json().path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.json().path("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.json().path("components").get(0).path("type").asText()).isEqualTo("machine-learning-model");
  }

  @Test
  void sarifAndBomOfAMaliciousScanCarryTheFinding() throws Exception {
    String id = client.upload(submitter, "evil2.pkl", Fixtures.maliciousPickle("id"), null).json().path("id").asText();
    client.await("/api/scans/", id, reader, 60);
    JsonNode sarif = client.get("/api/scans/" + id + "/sarif", reader).json();
    assertThat(sarif.path("runs").get(0).path("results").get(0).path("ruleId").asText()).isEqualTo("pickle.denied-callable");
    JsonNode bom = client.get("/api/scans/" + id + "/bom", reader).json();
    assertThat(bom.path("vulnerabilities").toString()).contains("pickle.denied-callable");
  }

  @Test
  void serverPathUnderAnAllowedRootIsScanned() throws Exception {
    Path model = Files.createDirectories(allowed.resolve("bert"));
    Files.write(model.resolve("model.safetensors"), Fixtures.safetensors(8, 2));
    Files.write(model.resolve("extra.pkl"), Fixtures.maliciousPickle("curl x"));
    Client.Response r = client.postJson("/api/scans", submitter, "{\"path\": " + Client.JSON.writeValueAsString(model.toString()) + "}");
    assertThat(r.status()).isEqualTo(202);
    JsonNode done = client.await("/api/scans/", r.json().path("id").asText(), reader, 60);
    assertThat(done.path("verdict").asText()).isEqualTo("fail");
    assertThat(done.path("report").path("files")).hasSize(2);
    assertThat(done.path("model").asText()).isEqualTo("path:" + model.toRealPath());
  }

  @Test
  void signedFolderByPathVerifiesAndATamperedFileFailsVerification() throws Exception {
    Path model = Files.createDirectories(allowed.resolve("signed-model"));
    Files.write(model.resolve("model.safetensors"), Fixtures.safetensors(8, 4));
    Files.write(model.resolve("head.safetensors"), Fixtures.safetensors(4, 7));
    Path sig = model.resolve("model.sig");
    Fixtures.sign(model, sig);
    Path key = Files.copy(Fixtures.PUBLIC_KEY, allowed.resolve("publisher.pub.pem"));
    String body = "{\"path\": " + Client.JSON.writeValueAsString(model.toString()) + ", \"signature\": " + Client.JSON.writeValueAsString(sig.toString())
        + ", \"key\": " + Client.JSON.writeValueAsString(key.toString()) + ", \"model\": \"acme/signed\"}";

    JsonNode verified = client.await("/api/scans/", client.postJson("/api/scans", submitter, body).json().path("id").asText(), reader, 60);
    assertThat(verified.path("signature").path("status").asText()).as(verified.toString()).isEqualTo("verified");
    assertThat(verified.path("signature").path("problems")).isEmpty();
    assertThat(verified.path("verdict").asText()).isEqualTo("pass");

    Files.write(model.resolve("model.safetensors"), Fixtures.safetensors(8, 5)); // same size, other values
    JsonNode tampered = client.await("/api/scans/", client.postJson("/api/scans", submitter, body).json().path("id").asText(), reader, 60);
    assertThat(tampered.path("signature").path("status").asText()).isEqualTo("failed");
    JsonNode problem = tampered.path("signature").path("problems").get(0);
    assertThat(problem.path("ruleId").asText()).isEqualTo("integrity.file-modified");
    assertThat(problem.path("message").asText()).contains("model.safetensors");
    assertThat(tampered.path("verdict").asText()).isEqualTo("fail");
    assertThat(tampered.path("worst").asText()).isEqualTo("CRITICAL");

    // the key must also lie under an allowed root: nothing outside is read
    Path outsideKey = Files.copy(Fixtures.PUBLIC_KEY, outside.resolve("publisher.pub.pem"));
    Client.Response refused = client.postJson("/api/scans", submitter, body.replace(Client.JSON.writeValueAsString(key.toString()), Client.JSON.writeValueAsString(outsideKey.toString())));
    assertThat(refused.status()).isEqualTo(400);
  }

  @Test
  void uploadWithSignatureAndKeyIsVerifiedAndAnotherFileWithTheSameSignatureFails() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("to-sign"));
    Path file = Files.write(dir.resolve("weights.safetensors"), Fixtures.safetensors(16, 2));
    Path sig = dir.resolve("weights.safetensors.sig");
    Fixtures.sign(file, sig);
    Map<String, Object[]> parts = new LinkedHashMap<>();
    parts.put("file", new Object[] {"weights.safetensors", Files.readAllBytes(file)});
    parts.put("signature", new Object[] {"weights.safetensors.sig", Files.readAllBytes(sig)});
    parts.put("key", new Object[] {"publisher.pub.pem", Files.readAllBytes(Fixtures.PUBLIC_KEY)});
    JsonNode ok = client.await("/api/scans/", client.postMultipart("/api/scans", submitter, parts, Map.of()).json().path("id").asText(), reader, 60);
    assertThat(ok.path("signature").path("status").asText()).as(ok.toString()).isEqualTo("verified");
    assertThat(ok.path("verdict").asText()).isEqualTo("pass");

    parts.put("file", new Object[] {"weights.safetensors", Fixtures.safetensors(16, 3)});
    JsonNode bad = client.await("/api/scans/", client.postMultipart("/api/scans", submitter, parts, Map.of()).json().path("id").asText(), reader, 60);
    assertThat(bad.path("signature").path("status").asText()).isEqualTo("failed");
    assertThat(bad.path("signature").path("problems").get(0).path("ruleId").asText()).isEqualTo("integrity.file-modified");
    assertThat(bad.path("verdict").asText()).isEqualTo("fail");

    parts.put("file", new Object[] {"weights.safetensors", Files.readAllBytes(file)});
    parts.put("key", new Object[] {"other.pub.pem", Files.readAllBytes(Fixtures.PUBLIC_KEY.resolveSibling("ecdsa-p256-other.pub.pem"))});
    JsonNode otherKey = client.await("/api/scans/", client.postMultipart("/api/scans", submitter, parts, Map.of()).json().path("id").asText(), reader, 60);
    assertThat(otherKey.path("signature").path("status").asText()).isEqualTo("failed");
    assertThat(otherKey.path("signature").path("problems").get(0).path("ruleId").asText()).isEqualTo("integrity.key-mismatch");
  }

  @Test
  void pathsOutsideTheAllowedRootsAreRefusedBeforeAnythingIsRead() throws Exception {
    Path secret = Files.write(outside.resolve("secret.pkl"), Fixtures.maliciousPickle("cat /etc/shadow"));
    Files.createSymbolicLink(allowed.resolve("link.pkl"), secret);
    Path linkDir = Files.createDirectories(allowed.resolve("sneaky"));
    Files.createSymbolicLink(linkDir.resolve("weights.pkl"), secret);
    int before = client.get("/api/scans?limit=500", reader).json().path("scans").size();
    for (String p : List.of(secret.toString(), allowed + "/../private/secret.pkl", allowed.resolve("link.pkl").toString(), linkDir.toString(), "relative/x.pkl")) {
      Client.Response r = client.postJson("/api/scans", submitter, "{\"path\": " + Client.JSON.writeValueAsString(p) + "}");
      assertThat(r.status()).as(p).isEqualTo(400);
      assertThat(r.json().path("error").asText()).as(p).isNotBlank().doesNotContain("Exception").doesNotContain("cat /etc/shadow");
    }
    assertThat(client.get("/api/scans?limit=500", reader).json().path("scans").size()).isEqualTo(before);
    assertThat(client.get("/api/audit?limit=500", admin).json().toString()).contains("scan.refused");
  }

  @Test
  void remoteSourcesAreRefusedWithAClearErrorUnlessTurnedOn() throws Exception {
    Client.Response hf = client.postJson("/api/scans", submitter, "{\"source\": \"hf://org/model@main\"}");
    assertThat(hf.status()).isEqualTo(400);
    assertThat(hf.json().path("error").asText()).startsWith("remote sources are turned off on this server").contains("--allow-remote");
    Client.Response ftp = client.postJson("/api/scans", submitter, "{\"source\": \"ftp://example/model\"}");
    assertThat(ftp.status()).isEqualTo(400);
    assertThat(ftp.json().path("error").asText()).contains("hf://");
  }

  @Test
  void badInputGetsClearJsonErrors() throws Exception {
    Client.Response wrongToken = client.get("/api/scans", "mvt_not-a-token");
    assertThat(wrongToken.status()).isEqualTo(401);
    assertThat(wrongToken.json().path("error").asText()).isEqualTo("invalid or revoked token");
    assertThat(client.get("/api/scans", null).status()).isEqualTo(401);

    Client.Response readerSubmits = client.upload(reader, "x.pkl", Fixtures.maliciousPickle("id"), null);
    assertThat(readerSubmits.status()).isEqualTo(403);
    assertThat(readerSubmits.json().path("error").asText()).contains("reader");

    Client.Response big = client.upload(submitter, "big.bin", new byte[(int) MAX_UPLOAD * 3], null);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().path("error").asText()).contains("limit");

    Client.Response malformed = client.postJson("/api/scans", submitter, "{\"path\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("error").asText()).startsWith("malformed JSON");
    Client.Response unknown = client.postJson("/api/scans", submitter, "{\"pth\": \"/x\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("error").asText()).contains("pth");
    assertThat(client.postJson("/api/scans", submitter, "[1,2]").status()).isEqualTo(400);

    Client.Response missing = client.get("/api/scans/doesnotexist", reader);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").asText()).isEqualTo("no scan with this id");
    assertThat(client.get("/api/nothing-here", reader).json().path("status").asInt()).isEqualTo(404);
    assertThat(client.get("/api/audit", submitter).status()).isEqualTo(403);
  }

  @Test
  void historyGroupsScansOfOneModelAndTheDiffShowsWhatChanged() throws Exception {
    String v1 = client.upload(submitter, "model.pkl", Fixtures.maliciousPickle("echo v1"), "acme/classifier").json().path("id").asText();
    client.await("/api/scans/", v1, reader, 60);
    String v2 = client.upload(submitter, "model.pkl", Fixtures.maliciousPickle("echo v2"), "acme/classifier").json().path("id").asText();
    client.await("/api/scans/", v2, reader, 60);

    JsonNode history = client.get("/api/history?model=acme/classifier", reader).json();
    assertThat(history.path("scans")).hasSize(2);
    assertThat(history.path("scans").get(0).path("id").asText()).isEqualTo(v1);

    JsonNode diff = client.get("/api/diff?a=" + v1 + "&b=" + v2, reader).json();
    assertThat(diff.path("findings").path("new")).hasSize(1);
    assertThat(diff.path("findings").path("new").get(0).path("evidence").asText()).isEqualTo("os.system('echo v2')");
    assertThat(diff.path("findings").path("resolved").get(0).path("evidence").asText()).isEqualTo("os.system('echo v1')");
    assertThat(diff.path("files").path("changed").get(0).asText()).isEqualTo("model.pkl");
    assertThat(client.get("/api/diff?a=" + v1 + "&b=nope", reader).status()).isEqualTo(404);
  }

  @Test
  void dynamicTestJobStoresItsHtmlReport() throws Exception {
    Path fx = Path.of("../modelvet-dynamic/src/test/resources/fixtures");
    Map<String, Object[]> files = new LinkedHashMap<>();
    files.put("model", new Object[] {"linear_bc.onnx", Files.readAllBytes(fx.resolve("linear_bc.onnx"))});
    files.put("data", new Object[] {"test.csv", Files.readAllBytes(fx.resolve("linear_bc_test.csv"))});
    Client.Response r = client.postMultipart("/api/tests", submitter, files, Map.of("target", "target", "tests", "stability"));
    assertThat(r.status()).isEqualTo(202);
    String id = r.json().path("id").asText();
    JsonNode done = client.await("/api/tests/", id, reader, 120);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("report").path("tests")).hasSize(1);
    assertThat(done.path("report").path("tests").get(0).path("test").asText()).isEqualTo("stability");
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(Files.newInputStream(Path.of("..", "docs", "dynamic-report.schema.json")));
    assertThat(schema.validate(done.path("report"))).isEmpty();
    Client.Response html = client.get("/api/tests/" + id + "/report.html", reader);
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.body()).contains("<html");
    assertThat(html.raw().headers().firstValue("Content-Security-Policy").orElse("")).startsWith("sandbox");
    assertThat(client.get("/api/scans/" + id, reader).status()).isEqualTo(404);
  }

  @Test
  void operationsEndpoints() throws Exception {
    JsonNode openapi = client.get("/openapi.json", null).json();
    assertThat(openapi.path("openapi").asText()).startsWith("3.");
    assertThat(openapi.path("paths").has("/api/scans")).isTrue();
    assertThat(openapi.path("paths").has("/api/scans/{id}")).isTrue();
    assertThat(client.get("/health", null).json().path("status").asText()).isEqualTo("ok");
    String id = client.upload(submitter, "m.pkl", Fixtures.maliciousPickle("x"), null).json().path("id").asText();
    client.await("/api/scans/", id, reader, 60);
    String metrics = client.get("/metrics", null).body();
    assertThat(metrics).contains("modelvet_queue_length").contains("modelvet_jobs_total{kind=\"scan\",verdict=\"fail\"}")
        .contains("modelvet_scan_duration_seconds_bucket").contains("modelvet_bytes_read_bytes_total");
    JsonNode audit = client.get("/api/audit?limit=500", admin).json();
    assertThat(audit.toString()).contains("\"actor\":\"ci-pipeline\"").contains("scan.submit").contains(id).contains("127.0.0.1");
  }

  @Test
  void webSessionCookieIsHttpOnlyStrictAndFormsNeedTheCsrfToken() throws Exception {
    Client.SignInForm form = client.signInForm();
    Client.Response r = client.postForm("/login", form.cookie(), "_csrf=" + form.csrf() + "&token=" + submitter);
    assertThat(r.status()).isEqualTo(303);
    String cookie = r.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mv_session=")).findFirst().orElseThrow();
    assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    String session = cookie.substring(0, cookie.indexOf(';'));
    HttpRequest noCsrf = HttpRequest.newBuilder(URI.create(client.base() + "/logout")).header("Cookie", session)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("_csrf=wrong")).build();
    assertThat(client.send(noCsrf).status()).isEqualTo(403);
    HttpRequest page = HttpRequest.newBuilder(URI.create(client.base() + "/")).header("Cookie", session).GET().build();
    Client.Response dash = client.send(page);
    assertThat(dash.status()).isEqualTo(200);
    assertThat(dash.body()).contains("<h1>Dashboard</h1>");
    // a session may read API documents (for download links) but never submit
    assertThat(client.send(HttpRequest.newBuilder(URI.create(client.base() + "/api/scans")).header("Cookie", session).GET().build()).status()).isEqualTo(200);
    HttpRequest post = HttpRequest.newBuilder(URI.create(client.base() + "/api/scans")).header("Cookie", session)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"/x\"}")).build();
    assertThat(client.send(post).status()).isEqualTo(401);
  }

  @Test
  void errorPagesNeverEchoUnescapedInput() throws Exception {
    Client.Response r = client.get("/no/%3Cscript%3Ealert(1)%3C/script%3E", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("<script>alert(1)</script>");
    Client.SignInForm form = client.signInForm();
    Client.Response login = client.postForm("/login", form.cookie(), "_csrf=" + form.csrf() + "&token=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assertThat(login.status()).isEqualTo(401);
    assertThat(login.body()).doesNotContain("<script>alert(1)</script>").contains("not valid");
  }
}
