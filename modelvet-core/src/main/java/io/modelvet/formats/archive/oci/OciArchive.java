package io.modelvet.formats.archive.oci;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.ArchiveMembers;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI image layout packed in one tar ({@code oci-archive}, {@code skopeo copy oci-archive:},
 * {@code docker save} of OCI images). While the tar is walked it sees every member: blobs under
 * {@code blobs/<alg>/<hex>} are hashed as they stream past (sizes and digests kept, JSON documents
 * up to 4 MiB kept for the walk), {@code index.json} is kept. After the walk, {@link #verify}
 * follows index → manifests → layers with {@link OciWalk} as for a folder. The layers themselves
 * were dispatched like any member, so their tarballs (gzip, zstd, plain) are walked by the archive
 * scanners with the usual budgets.
 */
public final class OciArchive implements ArchiveMembers {
  private static final Pattern BLOB = Pattern.compile("(?:\\./)?blobs/(sha256|sha512)/([A-Za-z0-9._-]{1,200})");
  private static final long MAX_KEPT = 64L << 20;

  private final ScanContext ctx;
  private final Map<String, OciBlobs.Blob> found = new HashMap<>();
  private final Map<String, byte[]> documents = new HashMap<>();
  private byte[] index;
  private long kept;

  public OciArchive(ScanContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void member(String name, ByteSource data) throws IOException {
    String plain = name.startsWith("./") ? name.substring(2) : name;
    if (plain.equals("index.json")) {
      if (data.size() <= OciWalk.MAX_MANIFEST) index = data.readFully(0, (int) data.size());
      return;
    }
    Matcher m = BLOB.matcher(plain);
    if (!m.matches()) return;
    String key = m.group(1) + ":" + m.group(2);
    try (InputStream in = data.openStream(0)) {
      found.put(key, new OciBlobs.Blob(data.size(), OciDigest.of(ctx, m.group(1), in)));
    }
    long size = data.size();
    if (size <= OciWalk.MAX_MANIFEST && kept + size <= MAX_KEPT && size > 0 && data.head(1)[0] == '{') {
      documents.put(key, data.readFully(0, (int) size));
      kept += size;
    }
  }

  /** Verifies the layout once the tar has been walked; {@code complete} is false when the walk stopped early. */
  public void verify(boolean complete) throws IOException {
    if (index == null) {
      ctx.inconclusive("OCI archive whose index.json is larger than " + OciWalk.MAX_MANIFEST + " bytes");
      return;
    }
    OciBlobs blobs = new OciBlobs() {
      @Override
      public Blob find(String alg, String hex) {
        return found.get(alg + ":" + hex);
      }

      @Override
      public byte[] json(String alg, String hex) throws MalformedException {
        byte[] b = documents.get(alg + ":" + hex);
        if (b == null) throw new MalformedException("manifest " + alg + ":" + hex + " is not a JSON document of at most " + OciWalk.MAX_MANIFEST + " bytes");
        return b;
      }
    };
    new OciWalk(ctx, blobs, !complete).run(OciWalk.parse(ctx, index, "index.json"));
  }
}
