package io.modelvet.formats.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
