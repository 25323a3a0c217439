package io.modelvet.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.UploadedFile;
import io.modelvet.report.Severity;
import io.modelvet.server.api.ApiRoutes;
import io.modelvet.server.api.Auth;
import io.modelvet.server.api.HttpError;
import io.modelvet.server.api.Json;
import io.modelvet.server.api.Uploads;
import io.modelvet.server.auth.AuditLog;
import io.modelvet.server.auth.LoginCsrf;
import io.modelvet.server.auth.Secrets;
import io.modelvet.server.auth.Principal;
import io.modelvet.server.auth.Role;
import io.modelvet.server.auth.TokenStore;
import io.modelvet.server.auth.WebSessions;
import io.modelvet.server.jobs.Job;
import io.modelvet.server.jobs.JobStore;
import io.modelvet.server.jobs.SignatureCheck;
import io.modelvet.server.jobs.SubmitException;
import io.modelvet.server.jobs.Submissions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** The server-rendered pages: sign-in, dashboard, scan, model history and diff, upload. */
public final class WebRoutes {
  /** Every HTML answer: no inline script, no framing, nothing from other origins. */
  public static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(gg.jte.ContentType.Html);
  private final JobStore store;
  private final Submissions submissions;
  private final TokenStore tokens;
  private final WebSessions sessions;
  private final AuditLog audit;
  private final Auth auth;
  private final LoginCsrf loginCsrf = new LoginCsrf();

  public WebRoutes(JobStore store, Submissions submissions, TokenStore tokens, WebSessions sessions, AuditLog audit, Auth auth) {
    this.store = store;
    this.submissions = submissions;
    this.tokens = tokens;
    this.sessions = sessions;
    this.audit = audit;
    this.auth = auth;
  }

  public void register(RoutesConfig r) {
    r.get("/login", ctx -> loginPage(ctx, 200, null));
    r.post("/login", this::login);
    r.post("/logout", this::logout);
    r.get("/", this::dashboard);
    r.get("/upload", ctx -> {
      WebSessions.Session s = signedIn(ctx);
      if (s != null) render(ctx, 200, "upload.jte", new Views.Upload(page(ctx, "Upload a model", s), submissions.maxUpload() >> 20, submissions.remoteEnabled()));
    });
    r.post("/upload", this::upload);
    r.post("/scan-source", this::source);
    r.get("/tests/new", ctx -> {
      WebSessions.Session s = signedIn(ctx);
      if (s != null) render(ctx, 200, "newtest.jte", new Views.TestForm(page(ctx, "Test an ONNX model", s), submissions.maxUpload() >> 20, Views.TEST_FAMILIES));
    });
    r.post("/tests", this::test);
    r.get("/scans/{id}", this::scan);
    r.get("/models", this::model);
    r.get("/diff", this::diff);
    r.get("/static/app.css", ctx -> resource(ctx, "app.css", "text/css"));
    r.get("/static/upload.js", ctx -> resource(ctx, "upload.js", "text/javascript"));
  }

  /** Renders an error page; the message is escaped by the template like any other value. */
  public static void errorPage(Context ctx, int status, String message) {
    render(ctx, status, "error.jte", new Views.ErrorView(new Page("Error " + status, null, null, null), status, message));
  }

  /** The sign-in form, with the CSRF value for this browser's sign-in cookie (set here when missing). */
  private void loginPage(Context ctx, int status, String message) {
    String cookie = ctx.cookie(LoginCsrf.COOKIE);
    if (!LoginCsrf.wellFormed(cookie)) {
      cookie = Secrets.newSecret("");
      ctx.cookie(new Cookie(LoginCsrf.COOKIE, cookie, "/login", (int) WebSessions.LIFETIME.toSeconds(), false, true, null, SameSite.STRICT));
    }
    render(ctx, status, "login.jte", new Views.Login(new Page("Sign in", null, null, loginCsrf.formToken(cookie)), message));
  }

  private void login(Context ctx) {
    if (!loginCsrf.valid(ctx.cookie(LoginCsrf.COOKIE), ctx.formParam("_csrf"))) {
      audit.record("-", ctx.ip(), "web.signin.refused", "missing or wrong CSRF token");
      throw new HttpError(403, Auth.FORM_EXPIRED);
    }
    Optional<Principal> p = tokens.authenticate(ctx.formParam("token"));
    if (p.isEmpty()) {
      audit.record("-", ctx.ip(), "web.signin.refused", "");
      loginPage(ctx, 401, "That token is not valid.");
      return;
    }
    String id = sessions.create(p.get());
    Cookie c = new Cookie(Auth.SESSION_COOKIE, id, "/", (int) WebSessions.LIFETIME.toSeconds(), false, true, null, SameSite.STRICT);
    ctx.cookie(c);
    audit.record(p.get().name(), ctx.ip(), "web.signin", "");
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    WebSessions.Session s = auth.session(ctx).orElse(null);
    if (s != null) {
      Auth.checkCsrf(s, ctx.formParam("_csrf"));
      sessions.delete(ctx.cookie(Auth.SESSION_COOKIE));
    }
    ctx.removeCookie(Auth.SESSION_COOKIE, "/");
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private void dashboard(Context ctx) {
    WebSessions.Session s = signedIn(ctx);
    if (s == null) return;
    long now = System.currentTimeMillis();
    Views.Chart chart = Charts.findingsPerDay(store.findingsSince(now - 14L * 86_400_000L), 14, now);
    render(ctx, 200, "dashboard.jte", new Views.Dashboard(page(ctx, "Dashboard", s), store.recent("scan", 25), store.verdictCounts(), chart, store.models(20)));
  }

  /** A form post that submits a job: signed in, the session's CSRF token, the submitter role; null after redirecting to sign-in. */
  private Principal submitter(Context ctx) {
    WebSessions.Session s = signedIn(ctx);
    if (s == null) return null;
    Auth.checkCsrf(s, ctx.formParam("_csrf"));
    return Auth.require(ctx, Role.SUBMITTER);
  }

  private void upload(Context ctx) throws SubmitException {
    Principal p = submitter(ctx);
    if (p == null) return;
    UploadedFile f = Uploads.file(ctx, "file", submissions.maxUpload());
    if (f == null || f.filename() == null || f.filename().isEmpty()) throw new HttpError(400, "choose a file to upload");
    String model = ctx.formParam("model");
    // an optional signature and key, verified with the scan as through the API (empty file inputs send no file)
    String id = submissions.upload(p.name(), Uploads.part(f), Uploads.part(chosen(Uploads.file(ctx, "signature", submissions.maxUpload()))),
        Uploads.part(chosen(Uploads.file(ctx, "key", submissions.maxUpload()))), model == null || model.isBlank() ? null : model.strip());
    audit.record(p.name(), ctx.ip(), "scan.submit", id + " upload " + f.filename() + " (web)");
    ctx.redirect("/scans/" + id, HttpStatus.SEE_OTHER);
  }

  /** A hub repository or file URL, scanned through the server's remote sources (as {"source"} in the API). */
  private void source(Context ctx) throws SubmitException {
    Principal p = submitter(ctx);
    if (p == null) return;
    String source = ctx.formParam("source");
    if (source == null || source.isBlank()) throw new HttpError(400, "enter an hf:// name or an https:// URL");
    String model = ctx.formParam("model");
    String id = submissions.source(p.name(), source.strip(), model == null || model.isBlank() ? null : model.strip());
    audit.record(p.name(), ctx.ip(), "scan.submit", id + " source " + source.strip() + " (web)");
    ctx.redirect("/scans/" + id, HttpStatus.SEE_OTHER);
  }

  /** A file input left empty arrives as a part without a file name: no file. */
  private static UploadedFile chosen(UploadedFile f) {
    return f == null || f.filename() == null || f.filename().isEmpty() ? null : f;
  }

  private void test(Context ctx) throws SubmitException {
    Principal p = submitter(ctx);
    if (p == null) return;
    UploadedFile model = Uploads.file(ctx, "model", submissions.maxUpload());
    UploadedFile data = Uploads.file(ctx, "data", submissions.maxUpload());
    if (model == null || model.filename() == null || model.filename().isEmpty()) throw new HttpError(400, "Choose the ONNX model to test.");
    if (data == null || data.filename() == null || data.filename().isEmpty()) throw new HttpError(400, "Choose the evaluation data (CSV).");
    String id = submissions.test(p.name(), Uploads.part(model), Uploads.part(data), ctx.formParam("target"),
        ApiRoutes.csv(ctx.formParam("sensitive")), ctx.formParams("tests"));
    audit.record(p.name(), ctx.ip(), "test.submit", id + " " + model.filename() + " (web)");
    ctx.redirect("/scans/" + id, HttpStatus.SEE_OTHER);
  }

  private void scan(Context ctx) {
    WebSessions.Session s = signedIn(ctx);
    if (s == null) return;
    String id = ctx.pathParam("id");
    Job job = id.length() <= 40 ? store.find(id) : null;
    if (job == null) throw new HttpError(404, "No scan with this id.");
    boolean isTest = job.kind().equals("test");
    String severity = ctx.queryParam("severity");
    String rule = ctx.queryParam("rule");
    Severity min = parseSeverity(severity);
    List<Views.FileGroup> groups = new ArrayList<>();
    TreeSet<String> rules = new TreeSet<>();
    int total = 0;
    int shown = 0;
    String signature = null;
    if (!isTest && job.status().equals(JobStore.DONE)) {
      JsonNode report = Json.parse(store.document(job.id(), JobStore.Document.REPORT));
      signature = SignatureCheck.status(report);
      int n = 0;
      for (JsonNode f : report.path("files")) {
        List<Views.FindingRow> rows = new ArrayList<>();
        for (JsonNode x : f.path("findings")) {
          total++;
          n++;
          String ruleId = x.path("ruleId").asText();
          rules.add(ruleId);
          Severity sev = Severity.valueOf(x.path("severity").asText());
          if (min != null && !sev.atLeast(min)) continue;
          if (rule != null && !rule.isEmpty() && !rule.equals(ruleId)) continue;
          shown++;
          rows.add(new Views.FindingRow("f" + n, ruleId, sev.name(), x.path("message").asText(), location(x.path("location")),
              x.hasNonNull("evidence") ? x.get("evidence").asText() : null, x.path("owasp").asText() + " " + x.path("owaspTitle").asText()));
        }
        boolean filtered = (min != null || (rule != null && !rule.isEmpty()));
        if (!rows.isEmpty() || !filtered)
          groups.add(new Views.FileGroup(f.path("path").asText(), f.path("format").asText(), f.path("verdict").asText(),
              f.hasNonNull("inconclusiveReason") ? f.get("inconclusiveReason").asText() : null, rows));
      }
    }
    List<String> severities = new ArrayList<>();
    for (Severity v : Severity.values()) severities.add(v.name());
    render(ctx, 200, "scan.jte", new Views.Scan(page(ctx, (isTest ? "Test " : "Scan ") + job.displayName(), s), job, groups, severities,
        new ArrayList<>(rules), min == null ? "" : min.name(), rule == null ? "" : rule, total, shown, isTest, signature,
        isTest ? List.of() : store.history(job.modelKey())));
  }

  private void model(Context ctx) {
    WebSessions.Session s = signedIn(ctx);
    if (s == null) return;
    String key = ctx.queryParam("model");
    if (key == null || key.isBlank()) throw new HttpError(400, "Which model? The link needs a model parameter.");
    List<Job> scans = store.history(key);
    if (scans.isEmpty()) throw new HttpError(404, "No scans of this model.");
    render(ctx, 200, "model.jte", new Views.Model(page(ctx, "Model " + key, s), key, scans));
  }

  private void diff(Context ctx) {
    WebSessions.Session s = signedIn(ctx);
    if (s == null) return;
    String a = ctx.queryParam("a");
    String b = ctx.queryParam("b");
    var d = ApiRoutes.diff(store, a, b);
    render(ctx, 200, "diff.jte", new Views.Diff(page(ctx, "Changes between two scans", s), store.find(a), store.find(b), d));
  }

  /** The session, or null after redirecting to the sign-in page. */
  private WebSessions.Session signedIn(Context ctx) {
    WebSessions.Session s = auth.web(ctx);
    if (s == null) ctx.redirect("/login", HttpStatus.SEE_OTHER);
    return s;
  }

  private static Page page(Context ctx, String title, WebSessions.Session s) {
    return s == null ? new Page(title, null, null, null) : new Page(title, s.principal().name(), s.principal().role().id(), s.csrf());
  }

  private static Severity parseSeverity(String s) {
    if (s == null || s.isEmpty()) return null;
    try {
      return Severity.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "Unknown severity.");
    }
  }

  private static String location(JsonNode l) {
    StringBuilder sb = new StringBuilder(l.path("path").asText());
    if (l.has("offset")) sb.append(" @ byte ").append(l.get("offset").asLong());
    if (l.hasNonNull("detail")) sb.append(" (").append(l.get("detail").asText()).append(')');
    return sb.toString();
  }

  static void render(Context ctx, int status, String template, Object model) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, model, out);
    ctx.header("Content-Security-Policy", CSP);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  private static void resource(Context ctx, String name, String type) throws IOException {
    try (InputStream in = WebRoutes.class.getResourceAsStream("/io/modelvet/server/static/" + name)) {
      if (in == null) throw new HttpError(404, "Not found.");
      ctx.header("Cache-Control", "max-age=3600");
      ctx.contentType(type + "; charset=utf-8").result(in.readAllBytes());
    }
  }
}
