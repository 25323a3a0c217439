package io.modelvet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A real HTTP client for the running server (loopback only). */
final class Client {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  Client(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  String base() {
    return base;
  }

  record Response(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  Response get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b.build());
  }

  /** A web page as the signed-in browser with session cookie {@code cookie} gets it. */
  Response page(String path, String cookie) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Cookie", cookie).GET().build());
  }

  Response postJson(String path, String token, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b.build());
  }

  /** A multipart POST: {@code files} maps field to (file name, bytes); {@code fields} are text fields. */
  Response postMultipart(String path, String token, Map<String, Object[]> files, Map<String, String> fields) throws IOException, InterruptedException {
    HttpRequest.Builder b = multipart(path, files, fields);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b.build());
  }

  /** A multipart form post from a browser session ({@code cookie} is {@code mv_session=...}). */
  Response postMultipartForm(String path, String cookie, Map<String, Object[]> files, Map<String, String> fields) throws IOException, InterruptedException {
    return send(multipart(path, files, fields).header("Cookie", cookie).build());
  }

  private HttpRequest.Builder multipart(String path, Map<String, Object[]> files, Map<String, String> fields) throws IOException {
    String boundary = "mv" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, Object[]> f : files.entrySet()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\"" + f.getValue()[0]
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write((byte[]) f.getValue()[1]);
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
  }

  Response upload(String token, String name, byte[] content, String model) throws IOException, InterruptedException {
    Map<String, Object[]> files = new LinkedHashMap<>();
    files.put("file", new Object[] {name, content});
    return postMultipart("/api/scans", token, files, model == null ? Map.of() : Map.of("model", model));
  }

  Response send(HttpRequest r) throws IOException, InterruptedException {
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    return new Response(resp.statusCode(), resp.body(), resp);
  }

  /** The sign-in page's form: its CSRF value and the sign-in cookie it belongs to ({@code name=value}). */
  record SignInForm(String cookie, String csrf) {}

  SignInForm signInForm() throws IOException, InterruptedException {
    Response page = get("/login", null);
    String setCookie = page.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mv_signin=")).findFirst()
        .orElseThrow(() -> new AssertionError("no sign-in cookie: " + page.raw().headers()));
    return new SignInForm(setCookie.substring(0, setCookie.indexOf(';')), hiddenCsrf(page.body()));
  }

  /** The value of the {@code _csrf} hidden field of the first form in {@code html}. */
  static String hiddenCsrf(String html) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    if (!m.find()) throw new AssertionError("no _csrf field in the page");
    return m.group(1);
  }

  /** A form post ({@code application/x-www-form-urlencoded}) with the given cookies. */
  Response postForm(String path, String cookies, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookies != null) b.header("Cookie", cookies);
    return send(b.build());
  }

  /** Signs in through the web form; returns the session cookie ({@code mv_session=...}). */
  String signIn(String token) throws IOException, InterruptedException {
    SignInForm form = signInForm();
    Response r = postForm("/login", form.cookie(), "_csrf=" + form.csrf() + "&token=" + token);
    if (r.status() != 303) throw new AssertionError("sign-in answered " + r.status() + ": " + r.body());
    String c = r.raw().headers().allValues("Set-Cookie").stream().filter(x -> x.startsWith("mv_session=")).findFirst().orElseThrow();
    return c.substring(0, c.indexOf(';'));
  }

  /** Polls a job until it is done or failed (at most {@code seconds}). */
  JsonNode await(String kindPath, String id, String token, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      JsonNode n = get(kindPath + id, token).json();
      String s = n.path("status").asText();
      if (s.equals("done") || s.equals("failed")) return n;
      if (System.nanoTime() > deadline) throw new AssertionError("job " + id + " still " + s + " after " + seconds + " s");
      Thread.sleep(100);
    }
  }
}
