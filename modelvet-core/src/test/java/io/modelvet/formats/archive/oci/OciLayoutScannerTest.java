package io.modelvet.formats.archive.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI image layouts: digests verified from the marker, layers walked as tar.gz blobs. */
class OciLayoutScannerTest {
  private static FileResult result(List<FileResult> all, String suffix) {
    return all.stream().filter(r -> r.path().endsWith(suffix)).findFirst().orElseThrow(() -> new AssertionError(suffix));
  }

  @Test
  void benignLayoutVerifiesAndItsLayerIsWalked() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/oci/benign"));
    assertThat(result(all, "oci-layout").format()).isEqualTo("oci-layout");
    assertThat(result(all, "!/models/model.safetensors").format()).isEqualTo("safetensors");
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
  }

  @Test
  void aSwappedLayerFailsItsDigestAndItsPayloadIsFound() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/oci/tampered"));
    assertThat(result(all, "oci-layout").findings()).anyMatch(f -> f.ruleId().equals("oci.digest-mismatch") && f.severity() == Severity.HIGH
        && f.evidence().startsWith("declared sha256:283aca1c"));
    assertThat(result(all, "!/models/extra.pkl").worst()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void traversalDigestsAndMissingBlobsAreNotClean(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\": 2, \"manifests\": ["
        + "{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"sha256:../../../../etc/passwd\", \"size\": 1},"
        + "{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"sha256:" + "ab".repeat(32) + "\", \"size\": 1}]}", StandardCharsets.UTF_8);
    FileResult r = result(Scans.all(dir), "oci-layout");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("oci.bad-digest") && f.severity() == Severity.HIGH);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("missing");
  }

  @Test
  void benignOciArchiveVerifiesItsDigestsAndWalksItsLayer() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/oci/benign-archive.tar"));
    assertThat(all.get(0).format()).isEqualTo("oci-archive");
    assertThat(result(all, "!/models/model.safetensors").format()).isEqualTo("safetensors");
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
  }

  @Test
  void swappedLayerInAnOciArchiveIsHighAndItsPayloadFound() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/oci/tampered-archive.tar"));
    assertThat(FindingAssert.only(all.get(0), "oci.digest-mismatch", Severity.HIGH).evidence()).startsWith("declared sha256:283aca1c");
    assertThat(result(all, "!/models/extra.pkl").worst()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void missingBlobInAnOciArchiveIsMedium() {
    FileResult tar = Scans.all(Scans.fixture("formats/oci/missing_blob.tar")).get(0);
    assertThat(FindingAssert.only(tar, "oci.missing-blob", Severity.MEDIUM).evidence()).startsWith("sha256:283aca1c");
    assertThat(tar.verdict()).isNotEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void zstdLayerOfAnOciArchiveIsWalked() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/oci/zstd_layer.tar"));
    assertThat(result(all, "!/models/model.safetensors").format()).isEqualTo("safetensors");
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
  }

  @Test
  void declaredSizeThatDiffersFromTheRightContentIsMedium() throws IOException {
    byte[] blob = "{\"architecture\": \"amd64\"}".getBytes(StandardCharsets.UTF_8);
    String hex = java.util.HexFormat.of().formatHex(sha256(blob));
    String index = "{\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"sha256:" + hex + "\", \"size\": 99}]}";
    byte[] tar = Containers.tar("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8), "index.json", index.getBytes(StandardCharsets.UTF_8), "blobs/sha256/" + hex, blob);
    FileResult r = Scans.bytes("image.tar", tar);
    assertThat(FindingAssert.only(r, "oci.digest-mismatch", Severity.MEDIUM).evidence()).isEqualTo("declared sha256:" + hex + " (99 bytes), actual sha256:" + hex + " (" + blob.length + " bytes)");
  }

  @Property(tries = 200)
  void mutatedOciArchivesNeverEscape(@ForAll("archives") byte[] file) {
    HostileScan.check("image.tar", file);
  }

  @Provide
  Arbitrary<byte[]> archives() {
    try {
      return Mutations.of(Files.readAllBytes(Scans.fixture("formats/oci/benign-archive.tar")), 0, Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) '0', (byte) '{', (byte) 0)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
