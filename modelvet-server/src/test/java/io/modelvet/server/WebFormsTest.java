package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.server.auth.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web forms over real HTTP: every form that posts carries a CSRF token, and every POST handler
 * refuses a missing or wrong one with a 403 page and does nothing (no session, no job); the
 * dynamic-test form submits a job whose stored HTML report is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFormsTest {
  private static final Pattern POST_FORM = Pattern.compile("<form[^>]*method=\"post\"[^>]*>(.*?)</form>", Pattern.DOTALL);
  private static final Path DYNAMIC_FIXTURES = Path.of("../modelvet-dynamic/src/test/resources/fixtures");
  private Path tmp;
  private ModelVetServer server;
  private Client client;
  private String token;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("modelvet-forms");
    server = ModelVetServer.start(ServerConfig.defaults(tmp.resolve("data")).withPort(0));
    client = new Client(server.port());
    token = server.tokens().create("alice", Role.SUBMITTER);
  }

  @AfterAll
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
    TestFiles.deleteTree(tmp);
  }

  @Test
  void everyFormThatPostsCarriesACsrfToken() throws Exception {
    List<String> forms = new ArrayList<>(postForms(client.get("/login", null).body()));
    String session = client.signIn(token);
    for (String page : List.of("/", "/upload", "/tests/new")) forms.addAll(postForms(page(page, session)));
    assertThat(forms).hasSize(1 + 3 + 2); // sign-in; sign-out on each signed-in page; the upload and the test form
    for (String f : forms) assertThat(f).containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[A-Za-z0-9_-]{43}\">");
  }

  @Test
  void signInNeedsTheFormsTokenForItsOwnCookie() throws Exception {
    Client.SignInForm form = client.signInForm();
    Client.SignInForm other = client.signInForm();
    assertThat(other.cookie()).isNotEqualTo(form.cookie());
    Map<String, Client.Response> attempts = new LinkedHashMap<>();
    attempts.put("no token", client.postForm("/login", form.cookie(), "token=" + token));
    attempts.put("wrong token", client.postForm("/login", form.cookie(), "_csrf=AAAA&token=" + token));
    attempts.put("no cookie", client.postForm("/login", null, "_csrf=" + form.csrf() + "&token=" + token));
    attempts.put("another browser's token", client.postForm("/login", form.cookie(), "_csrf=" + other.csrf() + "&token=" + token));
    for (Map.Entry<String, Client.Response> e : attempts.entrySet()) {
      assertThat(e.getValue().status()).as(e.getKey()).isEqualTo(403);
      assertThat(e.getValue().body()).as(e.getKey()).contains("<h1>Error 403</h1>").contains("The form has expired or did not come from this site");
    }
    Client.Response refused = client.postForm("/login", form.cookie(), "token=" + token);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(refused.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("mv_session="));
    assertThat(client.postForm("/login", form.cookie(), "_csrf=" + form.csrf() + "&token=" + token).status()).isEqualTo(303);
  }

  @Test
  void uploadAndTestFormsRefuseAMissingOrWrongTokenAndQueueNothing() throws Exception {
    String session = client.signIn(token);
    String csrf = Client.hiddenCsrf(page("/upload", session));
    Map<String, Object[]> upload = Map.of("file", new Object[] {"evil.pkl", Fixtures.maliciousPickle("id")});
    Map<String, Object[]> test = testFiles();
    int before = client.get("/api/scans?limit=500", token).json().path("scans").size() + client.get("/api/tests?limit=500", token).json().path("tests").size();
    for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("_csrf", "wrong"), Map.of("_csrf", csrf + "x"))) {
      Client.Response u = client.postMultipartForm("/upload", session, upload, fields);
      assertThat(u.status()).as(fields.toString()).isEqualTo(403);
      assertThat(u.body()).contains("The form has expired");
      Map<String, String> testFields = new LinkedHashMap<>(fields);
      testFields.put("target", "target");
      Client.Response t = client.postMultipartForm("/tests", session, test, testFields);
      assertThat(t.status()).as(fields.toString()).isEqualTo(403);
      assertThat(t.body()).contains("The form has expired");
    }
    assertThat(client.send(HttpRequest.newBuilder(URI.create(client.base() + "/logout")).header("Cookie", session)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("")).build()).status()).isEqualTo(403);
    int after = client.get("/api/scans?limit=500", token).json().path("scans").size() + client.get("/api/tests?limit=500", token).json().path("tests").size();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void dynamicTestFormQueuesAJobWhoseHtmlReportIsServed() throws Exception {
    String session = client.signIn(token);
    String csrf = Client.hiddenCsrf(page("/tests/new", session));
    Client.Response r = client.postMultipartForm("/tests", session, testFiles(), Map.of("_csrf", csrf, "target", "target", "tests", "stability"));
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    String location = r.raw().headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/scans/");
    String id = location.substring("/scans/".length());
    JsonNode done = client.await("/api/tests/", id, token, 180);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("report").path("tests")).hasSize(1);
    assertThat(done.path("report").path("tests").get(0).path("test").asText()).isEqualTo("stability");
    assertThat(page(location, session)).contains("Dynamic test").contains("href=\"/api/tests/" + id + "/report.html\"");
    Client.Response html = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/api/tests/" + id + "/report.html")).header("Cookie", session).GET().build());
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.body()).contains("<html").contains("stability").contains("linear_bc.onnx").doesNotContain(tmp.toString()).doesNotContain("uploads/");
    assertThat(done.path("report").path("model").path("path").asText()).isEqualTo("linear_bc.onnx");
    assertThat(client.postMultipartForm("/tests", session, testFiles(), Map.of("_csrf", csrf, "target", "target", "tests", "telepathy")).status()).isEqualTo(400);
  }

  @Test
  void uploadFormVerifiesAnOptionalSignatureAndShowsTheOutcome() throws Exception {
    String session = client.signIn(token);
    String form = page("/upload", session);
    assertThat(form).contains("name=\"signature\"").contains("name=\"key\"");
    String csrf = Client.hiddenCsrf(form);
    Path model = Files.write(Files.createDirectories(tmp.resolve("web-signed")).resolve("weights.safetensors"), Fixtures.safetensors(16, 7));
    Path sig = tmp.resolve("weights.safetensors.sig");
    Fixtures.sign(model, sig);
    byte[] key = Files.readAllBytes(Fixtures.PUBLIC_KEY);

    Map<String, Object[]> signed = new LinkedHashMap<>();
    signed.put("file", new Object[] {"weights.safetensors", Files.readAllBytes(model)});
    signed.put("signature", new Object[] {"weights.safetensors.sig", Files.readAllBytes(sig)});
    signed.put("key", new Object[] {"publisher.pub.pem", key});
    String verified = scanPage(session, signed, csrf);
    assertThat(verified).contains("id=\"signature\"").containsPattern("id=\"signature\"[^>]*>verified<");

    signed.put("file", new Object[] {"weights.safetensors", Fixtures.safetensors(16, 8)}); // not what was signed
    String failed = scanPage(session, signed, csrf);
    assertThat(failed).containsPattern("id=\"signature\"[^>]*>failed<").contains("integrity.file-modified");

    // a browser sends empty file inputs as parts without a file name: the scan runs without verification
    Map<String, Object[]> plain = new LinkedHashMap<>();
    plain.put("file", new Object[] {"weights.safetensors", Files.readAllBytes(model)});
    plain.put("signature", new Object[] {"", new byte[0]});
    plain.put("key", new Object[] {"", new byte[0]});
    String unsigned = scanPage(session, plain, csrf);
    assertThat(unsigned).doesNotContain("id=\"signature\"").contains("id=\"verdict\"");
  }

  @Test
  void withoutRemoteSourcesThereIsNoSourceFormAndItsRouteRefuses() throws Exception {
    String session = client.signIn(token);
    String form = page("/upload", session);
    assertThat(form).doesNotContain("source-form");
    Client.Response r = client.postForm("/scan-source", session, "_csrf=" + Client.hiddenCsrf(form) + "&source=hf%3A%2F%2Facme%2Fevil");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("remote sources are turned off");
  }

  /** Posts the upload form and returns the finished scan's page. */
  private String scanPage(String session, Map<String, Object[]> files, String csrf) throws Exception {
    Client.Response r = client.postMultipartForm("/upload", session, files, Map.of("_csrf", csrf));
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    String location = r.raw().headers().firstValue("Location").orElseThrow();
    JsonNode done = client.await("/api/scans/", location.substring("/scans/".length()), token, 60);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    return page(location, session);
  }

  static Map<String, Object[]> testFiles() throws Exception {
    Map<String, Object[]> files = new LinkedHashMap<>();
    files.put("model", new Object[] {"linear_bc.onnx", Files.readAllBytes(DYNAMIC_FIXTURES.resolve("linear_bc.onnx"))});
    files.put("data", new Object[] {"test.csv", Files.readAllBytes(DYNAMIC_FIXTURES.resolve("linear_bc_test.csv"))});
    return files;
  }

  private String page(String path, String session) throws Exception {
    Client.Response r = client.page(path, session);
    assertThat(r.status()).as(path).isEqualTo(200);
    return r.body();
  }

  private static List<String> postForms(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = POST_FORM.matcher(html);
    while (m.find()) out.add(m.group());
    return out;
  }
}
