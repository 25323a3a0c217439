package io.modelvet.formats.archive.oci;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OCI image layouts (models shipped as container artefacts): the {@code oci-layout} marker file
 * next to {@code index.json} and {@code blobs/<alg>/<hex>}. From the marker, the index, every
 * manifest and every blob they reference are checked by {@link OciWalk}: digests well-formed (a
 * digest is a file name, so '..' in it is a path escape), blobs present, sizes and SHA-256/SHA-512
 * digests matching. The blobs themselves (layer tarballs, configs) are files of the folder and go
 * through the archive scanners with the usual budgets when the folder is scanned. Inside an
 * {@code oci-archive} tar the archive verifies the digests ({@link OciArchive}); the marker there
 * is only checked as JSON.
 */
public final class OciLayoutScanner implements Scanner {
  @Override
  public String format() {
    return "oci-layout";
  }

  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.looksLikeJson(head) && JsonSupport.topLevelKeys(head).contains("imageLayoutVersion") ? 90 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonSupport.readTree(ctx); // the marker itself must be valid JSON
    if (ctx.depth() != 0 || !(ctx.source() instanceof FileByteSource f)) return; // a member: its archive verifies the layout
    Path root = f.path().toAbsolutePath().getParent();
    Path index = root.resolve("index.json");
    if (!Files.isRegularFile(index)) {
      ctx.inconclusive("OCI layout without index.json");
      return;
    }
    if (Files.size(index) > OciWalk.MAX_MANIFEST) throw new io.modelvet.io.MalformedException("index.json is larger than " + OciWalk.MAX_MANIFEST + " bytes");
    new OciWalk(ctx, new FolderBlobs(ctx, root), true).run(OciWalk.parse(ctx, Files.readAllBytes(index), "index.json"));
  }

  /** Blobs as files under {@code blobs/<alg>/}, hashed by streaming. */
  private record FolderBlobs(ScanContext ctx, Path root) implements OciBlobs {
    private Path path(String alg, String hex) {
      return root.resolve("blobs").resolve(alg).resolve(hex);
    }

    @Override
    public Blob find(String alg, String hex) throws IOException {
      Path blob = path(alg, hex);
      if (!Files.isRegularFile(blob)) return null;
      try (InputStream in = Files.newInputStream(blob)) {
        return new Blob(Files.size(blob), OciDigest.of(ctx, alg, in));
      }
    }

    @Override
    public byte[] json(String alg, String hex) throws IOException {
      Path blob = path(alg, hex);
      if (Files.size(blob) > OciWalk.MAX_MANIFEST) throw new io.modelvet.io.MalformedException("manifest " + alg + ":" + hex + " is larger than " + OciWalk.MAX_MANIFEST + " bytes");
      return Files.readAllBytes(blob);
    }
  }
}
