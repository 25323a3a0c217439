package io.modelvet.formats.archive.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.JsonSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Breadth-first over index → manifests (and nested indexes) → config, layers and subjects, each
 * blob verified once against its descriptor: digest well-formed, blob present, size and digest
 * equal. The same walk serves a layout folder and an {@code oci-archive} tar; only where the
 * blobs come from differs ({@link OciBlobs}).
 */
final class OciWalk {
  static final Pattern DIGEST = Pattern.compile("(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})");
  static final long MAX_MANIFEST = 4L << 20;
  private static final int MAX_DESCRIPTORS = 10_000;

  private final ScanContext ctx;
  private final OciBlobs blobs;
  private final boolean missingIsInconclusive;
  private final CappedReports out;
  private final Set<String> seen = new HashSet<>();
  private final Deque<JsonNode> pending = new ArrayDeque<>();

  /**
   * @param missingIsInconclusive true when a missing blob also leaves the layout unanalysed (in a
   *     folder: the blob may simply not have been copied); false when the walk is known complete
   */
  OciWalk(ScanContext ctx, OciBlobs blobs, boolean missingIsInconclusive) {
    this.ctx = ctx;
    this.blobs = blobs;
    this.missingIsInconclusive = missingIsInconclusive;
    this.out = new CappedReports(ctx, 20);
  }

  static JsonNode parse(ScanContext ctx, byte[] json, String what) throws IOException {
    if (json.length > MAX_MANIFEST) throw new io.modelvet.io.MalformedException(what + " is larger than " + MAX_MANIFEST + " bytes");
    return JsonSupport.readTree(ctx.budgets(), new String(json, StandardCharsets.UTF_8));
  }

  void run(JsonNode index) throws IOException {
    enqueue(index);
    while (!pending.isEmpty()) {
      if (seen.size() > MAX_DESCRIPTORS) {
        ctx.inconclusive("more than " + MAX_DESCRIPTORS + " OCI descriptors");
        return;
      }
      descriptor(pending.poll());
    }
  }

  private void enqueue(JsonNode doc) {
    for (JsonNode m : doc.path("manifests")) pending.add(m);
    if (doc.has("config")) pending.add(doc.get("config"));
    for (JsonNode l : doc.path("layers")) pending.add(l);
    if (doc.has("subject")) pending.add(doc.get("subject"));
  }

  private void descriptor(JsonNode d) throws IOException {
    ctx.checkDeadline();
    String digest = d.path("digest").asText("");
    if (!seen.add(digest)) return;
    if (!DIGEST.matcher(digest).matches()) {
      out.report("oci.bad-digest", -1, "A descriptor has the digest '" + digest + "', which is not a well-formed sha256/sha512 digest; since the digest names the blob file, a crafted one reads files outside blobs/.", digest);
      return;
    }
    String alg = digest.substring(0, digest.indexOf(':'));
    String hex = digest.substring(alg.length() + 1);
    OciBlobs.Blob blob = blobs.find(alg, hex);
    if (blob == null) {
      if (d.path("urls").isArray() && !d.path("urls").isEmpty()) return; // foreign layer, fetched elsewhere
      out.report("oci.missing-blob", -1, "The layout names blob " + digest + " (" + d.path("mediaType").asText("no media type") + ") but does not hold it: the image cannot be loaded as published and that content could not be checked.", digest);
      if (missingIsInconclusive) ctx.inconclusive("OCI blob " + digest + " is missing from the layout");
      return;
    }
    long declared = d.path("size").asLong(-1);
    boolean content = !blob.digest().equals(digest);
    if (content || declared != blob.size())
      out.report("oci.digest-mismatch", content ? io.modelvet.report.Severity.HIGH : io.modelvet.report.Severity.MEDIUM, -1,
          "Blob " + digest + " does not match its descriptor (" + (content ? "content" : "size") + " differs): "
              + (content ? "it was changed after the image was built, so what would be pulled is not what was published." : "its bytes are the published ones but the descriptor declares another size; registries and runtimes reject it."),
          "declared " + digest + " (" + declared + " bytes), actual " + blob.digest() + " (" + blob.size() + " bytes)");
    String media = d.path("mediaType").asText("");
    if (media.contains("manifest") || media.contains("index")) enqueue(parse(ctx, blobs.json(alg, hex), "manifest " + digest));
  }
}
