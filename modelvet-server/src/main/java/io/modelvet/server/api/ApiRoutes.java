package io.modelvet.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.modelvet.server.auth.AuditLog;
import io.modelvet.server.auth.Principal;
import io.modelvet.server.auth.Role;
import io.modelvet.server.history.ScanDiff;
import io.modelvet.server.jobs.Job;
import io.modelvet.server.jobs.JobStore;
import io.modelvet.server.jobs.SignatureCheck;
import io.modelvet.server.jobs.SubmitException;
import io.modelvet.server.jobs.Submissions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The JSON API under {@code /api} (documented in {@code /openapi.json}). */
public final class ApiRoutes {
  /** Largest JSON request body. */
  public static final int MAX_JSON_BODY = 64 * 1024;
  private static final Set<String> SCAN_KEYS = Set.of("path", "source", "model", "signature", "key");
  private final JobStore store;
  private final Submissions submissions;
  private final AuditLog audit;

  public ApiRoutes(JobStore store, Submissions submissions, AuditLog audit) {
    this.store = store;
    this.submissions = submissions;
    this.audit = audit;
  }

  public void register(RoutesConfig r, Auth auth) {
    r.before("/api/*", auth::api);
    r.post("/api/scans", this::submitScan);
    r.get("/api/scans", ctx -> list(ctx, "scan"));
    r.get("/api/scans/{id}", ctx -> Json.send(ctx, 200, status(job(ctx, "scan"), true)));
    r.get("/api/scans/{id}/report", ctx -> document(ctx, "scan", JobStore.Document.REPORT, "application/json", "report.json"));
    r.get("/api/scans/{id}/sarif", ctx -> document(ctx, "scan", JobStore.Document.SARIF, "application/sarif+json", "report.sarif"));
    r.get("/api/scans/{id}/bom", ctx -> document(ctx, "scan", JobStore.Document.BOM, "application/vnd.cyclonedx+json", "bom.json"));
    r.post("/api/tests", this::submitTest);
    r.get("/api/tests", ctx -> list(ctx, "test"));
    r.get("/api/tests/{id}", ctx -> Json.send(ctx, 200, status(job(ctx, "test"), true)));
    r.get("/api/tests/{id}/report.html", this::testHtml);
    r.get("/api/models", this::models);
    r.get("/api/history", this::history);
    r.get("/api/diff", ctx -> Json.send(ctx, 200, diffJson(diff(store, ctx.queryParam("a"), ctx.queryParam("b")))));
    r.get("/api/audit", this::auditLog);
  }

  private void submitScan(Context ctx) throws SubmitException {
    Principal p = Auth.require(ctx, Role.SUBMITTER);
    String id;
    String what;
    if (ctx.isMultipartFormData()) {
      UploadedFile f = Uploads.file(ctx, "file", submissions.maxUpload());
      what = "upload " + (f == null ? "-" : f.filename());
      id = submissions.upload(p.name(), Uploads.part(f), Uploads.part(Uploads.file(ctx, "signature", submissions.maxUpload())),
          Uploads.part(Uploads.file(ctx, "key", submissions.maxUpload())), modelName(ctx.formParam("model")));
    } else {
      JsonNode body = jsonBody(ctx);
      for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!SCAN_KEYS.contains(k)) throw new HttpError(400, "unknown field \"" + k + "\" (path, source, model, signature, key)");
        if (!body.get(k).isTextual()) throw new HttpError(400, "field \"" + k + "\" must be a string");
      }
      String model = modelName(text(body, "model"));
      if (body.has("path") == body.has("source")) throw new HttpError(400, "give exactly one of \"path\" or \"source\"");
      if (body.has("path")) {
        what = "path " + text(body, "path");
        try {
          id = submissions.path(p.name(), text(body, "path"), text(body, "signature"), text(body, "key"), model);
        } catch (SubmitException e) {
          audit.record(p.name(), ctx.ip(), "scan.refused", what + ": " + e.getMessage());
          throw e;
        }
      } else {
        what = "source " + text(body, "source");
        id = submissions.source(p.name(), text(body, "source"), model);
      }
    }
    audit.record(p.name(), ctx.ip(), "scan.submit", id + " " + what);
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("status", JobStore.QUEUED);
    o.put("href", "/api/scans/" + id);
    ctx.header("Location", "/api/scans/" + id);
    Json.send(ctx, 202, o);
  }

  private void submitTest(Context ctx) throws SubmitException {
    Principal p = Auth.require(ctx, Role.SUBMITTER);
    if (!ctx.isMultipartFormData()) throw new HttpError(400, "send multipart/form-data with fields model, data, target");
    UploadedFile model = Uploads.file(ctx, "model", submissions.maxUpload());
    UploadedFile data = Uploads.file(ctx, "data", submissions.maxUpload());
    String id = submissions.test(p.name(), Uploads.part(model), Uploads.part(data), ctx.formParam("target"),
        csv(ctx.formParam("sensitive")), csv(ctx.formParam("tests")));
    audit.record(p.name(), ctx.ip(), "test.submit", id + " " + model.filename());
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("status", JobStore.QUEUED);
    o.put("href", "/api/tests/" + id);
    Json.send(ctx, 202, o);
  }

  private void list(Context ctx, String kind) {
    Auth.require(ctx, Role.READER);
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Job j : store.recent(kind, limit(ctx))) a.add(status(j, false));
    ObjectNode o = Json.object();
    o.set(kind.equals("scan") ? "scans" : "tests", a);
    Json.send(ctx, 200, o);
  }

  private void models(Context ctx) {
    Auth.require(ctx, Role.READER);
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (String[] m : store.models(limit(ctx))) {
      ObjectNode n = a.addObject();
      n.put("model", m[0]);
      n.put("scans", Integer.parseInt(m[1]));
    }
    ObjectNode o = Json.object();
    o.set("models", a);
    Json.send(ctx, 200, o);
  }

  private void history(Context ctx) {
    Auth.require(ctx, Role.READER);
    String model = ctx.queryParam("model");
    if (model == null || model.isBlank()) throw new HttpError(400, "query parameter \"model\" is required");
    List<Job> jobs = store.history(model);
    if (jobs.isEmpty()) throw new HttpError(404, "no scans of this model");
    ObjectNode o = Json.object();
    o.put("model", model);
    ArrayNode a = o.putArray("scans");
    for (Job j : jobs) a.add(status(j, false));
    Json.send(ctx, 200, o);
  }

  private void auditLog(Context ctx) {
    Auth.require(ctx, Role.ADMIN);
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (var e : audit.recent(limit(ctx))) {
      ObjectNode n = a.addObject();
      n.put("at", java.time.Instant.ofEpochMilli(e.at()).toString());
      n.put("actor", e.actor());
      n.put("from", e.remoteAddr());
      n.put("action", e.action());
      n.put("target", e.target());
    }
    ObjectNode o = Json.object();
    o.set("entries", a);
    Json.send(ctx, 200, o);
  }

  private void testHtml(Context ctx) {
    Job j = job(ctx, "test");
    String html = store.document(j.id(), JobStore.Document.HTML);
    if (html == null) throw new HttpError(404, "the report is not ready (status " + j.status() + ")");
    // Our own generated page, still served in a sandbox: no script, no network, no forms.
    ctx.header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  private void document(Context ctx, String kind, JobStore.Document doc, String type, String fileName) {
    Job j = job(ctx, kind);
    String text = store.document(j.id(), doc);
    if (text == null) throw new HttpError(404, "not available (status " + j.status() + ")");
    ctx.header("Content-Disposition", "attachment; filename=\"" + j.id() + "-" + fileName + "\"");
    ctx.contentType(type).result(text);
  }

  /** The job named by the path, which must be of {@code kind}; 404 otherwise. */
  private Job job(Context ctx, String kind) {
    Auth.require(ctx, Role.READER);
    String id = ctx.pathParam("id");
    Job j = id.length() <= 40 ? store.find(id) : null;
    if (j == null || !j.kind().equals(kind)) throw new HttpError(404, "no " + kind + " with this id");
    return j;
  }

  /** A job's status object; with {@code full}, the report when done. */
  ObjectNode status(Job j, boolean full) {
    ObjectNode o = Json.object();
    o.put("id", j.id());
    o.put("status", j.status());
    o.put("model", j.modelKey());
    o.put("name", j.displayName());
    o.put("submittedBy", j.submittedBy());
    o.put("submittedAt", java.time.Instant.ofEpochMilli(j.submittedAt()).toString());
    if (j.finishedAt() != null) o.put("finishedAt", java.time.Instant.ofEpochMilli(j.finishedAt()).toString());
    if (j.verdict() != null) o.put("verdict", j.verdict());
    if (j.worst() != null) o.put("worst", j.worst());
    if (j.findingCount() != null) o.put("findings", j.findingCount());
    if (j.versionDigest() != null) o.put("digest", j.versionDigest());
    if (j.error() != null) o.put("error", j.error());
    o.put("attempts", j.attempts());
    if (full && j.status().equals(JobStore.DONE)) {
      JsonNode report = Json.parse(store.document(j.id(), JobStore.Document.REPORT));
      JsonNode sig = SignatureCheck.entry(report);
      if (sig != null) {
        ObjectNode n = o.putObject("signature");
        n.put("status", SignatureCheck.status(report));
        ArrayNode problems = n.putArray("problems");
        for (JsonNode x : sig.path("findings")) problems.addObject().put("ruleId", x.path("ruleId").asText()).put("message", x.path("message").asText());
      }
      o.set("report", report);
    }
    return o;
  }

  /** The diff of scans {@code a} (older) and {@code b} (newer). */
  public static ScanDiff diff(JobStore store, String a, String b) {
    if (a == null || b == null) throw new HttpError(400, "query parameters \"a\" and \"b\" (scan ids) are required");
    for (String id : List.of(a, b)) {
      Job j = id.length() <= 40 ? store.find(id) : null;
      if (j == null || !j.kind().equals("scan")) throw new HttpError(404, "no scan with this id");
      if (!j.status().equals(JobStore.DONE)) throw new HttpError(409, "scan " + id + " has not finished");
    }
    return ScanDiff.of(Json.parse(store.document(a, JobStore.Document.REPORT)), Json.parse(store.document(a, JobStore.Document.FILES)),
        Json.parse(store.document(b, JobStore.Document.REPORT)), Json.parse(store.document(b, JobStore.Document.FILES)));
  }

  private static ObjectNode diffJson(ScanDiff d) {
    ObjectNode o = Json.object();
    ObjectNode f = o.putObject("findings");
    f.set("new", Json.MAPPER.valueToTree(d.added()));
    f.set("resolved", Json.MAPPER.valueToTree(d.resolved()));
    f.set("unchanged", Json.MAPPER.valueToTree(d.unchanged()));
    ObjectNode files = o.putObject("files");
    files.set("added", Json.MAPPER.valueToTree(d.filesAdded()));
    files.set("removed", Json.MAPPER.valueToTree(d.filesRemoved()));
    files.set("changed", Json.MAPPER.valueToTree(d.filesChanged()));
    files.set("unchanged", Json.MAPPER.valueToTree(d.filesUnchanged()));
    return o;
  }

  private static JsonNode jsonBody(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))
      throw new HttpError(415, "send multipart/form-data with a \"file\" field, or a JSON body {\"path\": ...} or {\"source\": ...}");
    if (ctx.contentLength() > MAX_JSON_BODY) throw new HttpError(413, "JSON body larger than " + MAX_JSON_BODY + " bytes");
    byte[] body;
    try {
      body = ctx.bodyInputStream().readNBytes(MAX_JSON_BODY + 1);
    } catch (IOException e) {
      if (RequestDeadline.causedBy(e)) throw HttpError.timedOut(e);
      throw new HttpError(400, "could not read the request body");
    }
    if (body.length > MAX_JSON_BODY) throw new HttpError(413, "JSON body larger than " + MAX_JSON_BODY + " bytes");
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || !n.isObject()) throw new HttpError(400, "the JSON body must be an object");
      return n;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new HttpError(400, "malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
    } catch (IOException e) {
      throw new HttpError(400, "malformed JSON");
    }
  }

  private static String text(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : null;
  }

  static String modelName(String s) {
    if (s == null || s.isBlank()) return null;
    String t = s.strip();
    if (t.length() > 200 || t.chars().anyMatch(Character::isISOControl)) throw new HttpError(400, "\"model\" must be at most 200 printable characters");
    return t;
  }

  /** The non-blank items of a comma-separated field. */
  public static List<String> csv(String s) {
    List<String> out = new ArrayList<>();
    if (s != null) for (String p : s.split(",")) if (!p.isBlank()) out.add(p.trim());
    return out;
  }

  private static int limit(Context ctx) {
    String l = ctx.queryParam("limit");
    try {
      return l == null ? 50 : Math.max(1, Math.min(500, Integer.parseInt(l)));
    } catch (NumberFormatException e) {
      throw new HttpError(400, "\"limit\" must be a number");
    }
  }
}
