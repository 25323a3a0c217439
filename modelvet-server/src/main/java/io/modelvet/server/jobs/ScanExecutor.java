package io.modelvet.server.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.integrity.Integrity;
import io.modelvet.integrity.IntegrityFindings;
import io.modelvet.integrity.bom.BomWriter;
import io.modelvet.integrity.bom.MlBomBuilder;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.Manifest;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.hashing.ResourceDigest;
import io.modelvet.integrity.signing.ModelVerifier;
import io.modelvet.integrity.signing.VerificationResult;
import io.modelvet.render.RenderOptions;
import io.modelvet.render.Renderer;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.server.remote.RemoteSources;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one scan job: the static scan (core), optional signature verification and the ML-BOM
 * (integrity), and the stored documents: the JSON report exactly as {@code modelvet scan --format
 * json} writes it, SARIF, the BOM, and the per-file digests the diff compares.
 */
public final class ScanExecutor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScanEngine engine;
  private final RemoteSources remote;
  private final AllowedRoots roots;
  private static final Pattern COMMIT = Pattern.compile("@([0-9a-f]{40})(/|$)");
  private final ScanOptions options;

  public ScanExecutor(int threads, RemoteSources remote, AllowedRoots roots) {
    this.options = ScanOptions.defaults().withThreads(threads);
    this.engine = new ScanEngine(ScannerRegistry.defaults(), options);
    this.remote = remote;
    this.roots = roots;
  }

  public JobResult run(String jobId, JobRequest req) throws Exception {
    if (req.type().equals("source")) return remoteScan(req);
    Path model;
    String prefix = null;
    switch (req.type()) {
      case "upload" -> {
        model = Path.of(req.path());
        prefix = model.getParent() + "/";
      }
      case "path" -> model = roots.check(req.path()); // checked again: the folder may have changed since submission
      default -> throw new IllegalArgumentException("not a scan job: " + req.type());
    }
    ScanReport report = engine.scan(List.of(model), null);
    if (req.signature() != null) report = withVerification(report, model, Path.of(req.signature()), Path.of(req.key()), req);
    String bom = BomWriter.write(new MlBomBuilder(new ModelHasher(1)).build(List.of(model), report, true), "json");
    Manifest manifest = new ModelHasher(1).hash(model, HashingConfig.defaults().withAllowSymlinks(true));
    if (prefix != null) report = ReportPaths.stripPrefix(report, prefix);

    ObjectNode files = JSON.createObjectNode();
    for (ResourceDigest r : manifest.resources()) files.put(r.name().equals(".") ? displayName(req, model) : r.name(), r.digest());
    return result(report, manifest.rootDigestHex(), bom, files);
  }

  /**
   * A hub repository or file URL, read with range requests: the bytes were never all fetched, so
   * there are no file digests and no BOM; the version is the hub commit the revision resolved to.
   */
  private JobResult remoteScan(JobRequest req) throws Exception {
    ScanReport report = remote.scan(req.source(), options);
    String version = null;
    for (String root : report.roots()) {
      Matcher m = COMMIT.matcher(root);
      if (m.find()) version = "commit:" + m.group(1);
    }
    return result(report, version, null, JSON.createObjectNode());
  }

  private static JobResult result(ScanReport report, String version, String bom, ObjectNode files) throws IOException {
    long bytes = 0;
    for (FileResult f : report.files()) {
      if (f.path().contains("!/")) continue;
      if (f.bytesFetched() > 0) bytes += f.bytesFetched();
      else if (f.size() > 0) bytes += f.size();
    }
    return new JobResult(verdict(report), report.worst() == null ? null : report.worst().name(), findingCount(report),
        version, bytes, render("json", report), render("sarif", report), bom, null, JSON.writeValueAsString(files));
  }

  private static String displayName(JobRequest req, Path model) {
    return req.type().equals("upload") ? req.name() : model.getFileName().toString();
  }

  private static ScanReport withVerification(ScanReport report, Path model, Path sig, Path key, JobRequest req) throws Exception {
    VerificationResult r = Integrity.verify(model, sig, key, List.of(), ModelVerifier.Options.defaults(), 1);
    List<FileResult> files = new ArrayList<>(report.files());
    String sigName = req.type().equals("upload") ? sig.getFileName().toString() : sig.toString();
    files.add(IntegrityFindings.fileResult(model.toString(), sigName, r));
    return new ScanReport(report.toolVersion(), report.startedAt(), report.durationMillis(), report.roots(), files);
  }

  /** pass: nothing at or above MEDIUM and everything analysed; fail: findings at or above MEDIUM; else inconclusive. */
  static String verdict(ScanReport report) {
    if (report.files().isEmpty()) return "inconclusive"; // nothing scanned is never a pass
    return verdictOf(report.exitCode(Severity.MEDIUM));
  }

  /** The job verdict for a CLI exit code at --fail-on MEDIUM: 0 pass, 1 fail, anything else inconclusive. */
  static String verdictOf(int exitCode) {
    return switch (exitCode) {
      case 0 -> "pass";
      case 1 -> "fail";
      default -> "inconclusive";
    };
  }

  private static int findingCount(ScanReport report) {
    return report.files().stream().mapToInt(f -> f.findings().size()).sum();
  }

  static String render(String format, ScanReport report) throws IOException {
    StringWriter w = new StringWriter();
    Renderer.forFormat(format).render(report, RenderOptions.defaults(), w);
    return w.toString();
  }
}
