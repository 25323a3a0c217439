package io.modelvet.formats.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OCI image layouts (models shipped as container artefacts): the {@code oci-layout} marker file
 * next to {@code index.json} and {@code blobs/<alg>/<hex>}. From the marker, the index, every
 * manifest and every blob they reference are checked: digests well-formed (a digest is a file
 * name, so '..' in it is a path escape), blobs present, sizes and SHA-256/SHA-512 digests
 * matching. The blobs themselves (layer tarballs, configs) are files of the folder and go through
 * the archive scanners with the usual budgets when the folder is scanned.
 */
public final class OciLayoutScanner implements Scanner {
  private static final Pattern DIGEST = Pattern.compile("(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})");
  private static final int MAX_DESCRIPTORS = 10_000;
  private static final long MAX_MANIFEST = 4L << 20;

  @Override
  public String format() {
    return "oci-layout";
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.looksLikeJson(head) && JsonSupport.topLevelKeys(head).contains("imageLayoutVersion") ? 90 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonSupport.readTree(ctx); // the marker itself must be valid JSON
    if (ctx.depth() != 0 || !(ctx.source() instanceof FileByteSource f)) {
      ctx.inconclusive("OCI layout marker inside an archive: blob digests can only be verified in a folder");
      return;
    }
    Path root = f.path().toAbsolutePath().getParent();
    Path index = root.resolve("index.json");
    if (!Files.isRegularFile(index)) {
      ctx.inconclusive("OCI layout without index.json");
      return;
    }
    new Walk(ctx, root).run(readJson(ctx, index));
  }

  private static JsonNode readJson(ScanContext ctx, Path p) throws IOException {
    long size = Files.size(p);
    if (size > MAX_MANIFEST) throw new io.modelvet.io.MalformedException(p.getFileName() + " is larger than " + MAX_MANIFEST + " bytes");
    return JsonSupport.readTree(ctx.budgets(), Files.readString(p, StandardCharsets.UTF_8));
  }

  /** Breadth-first over index → manifests → config and layers, each blob verified once. */
  private static final class Walk {
    private final ScanContext ctx;
    private final Path root;
    private final CappedReports out;
    private final Set<String> seen = new HashSet<>();
    private final Deque<JsonNode> pending = new ArrayDeque<>();
    private int verified;

    Walk(ScanContext ctx, Path root) {
      this.ctx = ctx;
      this.root = root;
      this.out = new CappedReports(ctx, 20);
    }

    void run(JsonNode index) throws IOException {
      enqueue(index, "index.json");
      while (!pending.isEmpty()) {
        JsonNode d = pending.poll();
        if (seen.size() > MAX_DESCRIPTORS) {
          ctx.inconclusive("more than " + MAX_DESCRIPTORS + " OCI descriptors");
          return;
        }
        descriptor(d);
      }
    }

    private void enqueue(JsonNode doc, String where) {
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
      Path blob = root.resolve("blobs").resolve(alg).resolve(digest.substring(alg.length() + 1));
      if (!Files.isRegularFile(blob)) {
        if (d.path("urls").isArray() && !d.path("urls").isEmpty()) return; // foreign layer, fetched elsewhere
        ctx.inconclusive("OCI blob " + digest + " is missing from the layout");
        return;
      }
      long declared = d.path("size").asLong(-1);
      long size = Files.size(blob);
      String actual = hash(blob, alg);
      verified++;
      if (!actual.equals(digest) || declared != size)
        out.report("oci.digest-mismatch", -1, "Blob " + digest + " does not match its descriptor (" + (actual.equals(digest) ? "size" : "content") + " differs): it was changed after the image was built, so what would be pulled is not what was published.",
            "declared " + digest + " (" + declared + " bytes), actual " + actual + " (" + size + " bytes)");
      String media = d.path("mediaType").asText("");
      if (media.contains("manifest") || media.contains("index")) enqueue(readJson(ctx, blob), digest);
    }

    private String hash(Path blob, String alg) throws IOException {
      MessageDigest md;
      try {
        md = MessageDigest.getInstance(alg.equals("sha256") ? "SHA-256" : "SHA-512");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      byte[] buf = new byte[1 << 16];
      try (InputStream in = Files.newInputStream(blob)) {
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
          md.update(buf, 0, r);
          if (((n += r) & ((1 << 26) - 1)) < r) ctx.checkDeadline();
        }
      }
      return alg + ":" + HexFormat.of().formatHex(md.digest());
    }
  }
}
