package io.modelvet.formats.archive;

import static io.modelvet.testutil.Containers.ascii;
import static io.modelvet.testutil.Containers.gzip;
import static io.modelvet.testutil.Containers.sevenZ;
import static io.modelvet.testutil.Containers.tar;
import static io.modelvet.testutil.Containers.torchZip;
import static io.modelvet.testutil.Containers.zip;
import static io.modelvet.testutil.Payloads.osSystemPickle;
import static io.modelvet.testutil.Scans.assertDeniedCall;
import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.members;
import static io.modelvet.testutil.Scans.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Payloads;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A payload keeps its verdict wherever it sits: a pickle that calls {@code posix.system} is
 * {@code pickle.denied-callable} CRITICAL as a zip, tar, 7z or compressed member, and at every
 * level of nesting (an OCI-like image layout holding a layer holding a checkpoint). The
 * container's own findings never stand in for the member's.
 */
class MemberPayloadTest {

  @Test
  void pickleInAZipIsCritical() {
    List<FileResult> rs = members("bundle.zip", zip("model/data.pkl", osSystemPickle(), "README.md", ascii("a model\n")));
    assertDeniedCall(rs, "bundle.zip!/model/data.pkl");
    assertThat(result(rs, "bundle.zip").worst()).as(describe(rs)).isNotEqualTo(Severity.CRITICAL);
  }

  @Test
  void pickleInAStoredZipIsCritical() {
    List<FileResult> rs = members("stored.zip", Containers.zipAtLevel(java.util.zip.Deflater.NO_COMPRESSION, "data.pkl", osSystemPickle()));
    assertDeniedCall(rs, "stored.zip!/data.pkl");
  }

  @Test
  void pickleInATarIsCritical() {
    List<FileResult> rs = members("model.tar", tar("model/weights.pkl", osSystemPickle()));
    assertDeniedCall(rs, "model.tar!/model/weights.pkl");
  }

  @Test
  void pickleInACompressedTarIsCritical() {
    List<FileResult> rs = members("model.tar.gz", gzip(tar("weights.pkl", osSystemPickle())));
    assertDeniedCall(rs, "model.tar.gz!/weights.pkl"); // a compressed tar is read as one archive
  }

  @Test
  void pickleInA7zIsCritical() {
    List<FileResult> rs = members("model.7z", sevenZ("data.pkl", osSystemPickle()));
    assertDeniedCall(rs, "model.7z!/data.pkl");
  }

  @Test
  void compressedPickleIsCriticalWhateverTheWrapper() {
    assertDeniedCall(members("p.pkl.gz", gzip(osSystemPickle())), "p.pkl.gz!/p.pkl");
    assertDeniedCall(members("p.pkl.bz2", Containers.bzip2(osSystemPickle())), "p.pkl.bz2!/p.pkl");
    assertDeniedCall(members("p.pkl.xz", Containers.xz(osSystemPickle())), "p.pkl.xz!/p.pkl");
  }

  @Test
  void zipInsideATarInsideAZipKeepsTheVerdict() {
    byte[] inner = zip("data.pkl", osSystemPickle());
    List<FileResult> rs = members("outer.zip", zip("layer.tar", tar("inner.zip", inner)));
    assertDeniedCall(rs, "outer.zip!/layer.tar!/inner.zip!/data.pkl");
  }

  /** An OCI image layout: index and manifest JSON, and a gzipped layer tar holding a PyTorch checkpoint. */
  @Test
  void ociLikeLayoutCarriesTheCheckpointVerdictToTheTop() {
    String layer = "blobs/sha256/4f1c0e8a9b";
    byte[] layerTar = gzip(tar("models/model.pt", torchZip("archive", osSystemPickle())));
    byte[] image = tar(
        "oci-layout", ascii("{\"imageLayoutVersion\":\"1.0.0\"}"),
        "index.json", ascii("{\"schemaVersion\":2,\"manifests\":[]}"),
        layer, layerTar);
    List<FileResult> rs = members("image.tar", image);
    assertThat(result(rs, "image.tar!/" + layer).format()).isEqualTo("tar.gz");
    assertThat(result(rs, "image.tar!/" + layer + "!/models/model.pt").format()).isEqualTo("pytorch-zip");
    assertDeniedCall(rs, "image.tar!/" + layer + "!/models/model.pt!/archive/data.pkl");
  }

  @Test
  void plainDataPickleInEveryContainerIsClean() {
    for (Object[] c : new Object[][] {
      {"a.zip", zip("data.pkl", Payloads.plainPickle())},
      {"a.tar", tar("data.pkl", Payloads.plainPickle())},
      {"a.7z", sevenZ("data.pkl", Payloads.plainPickle())},
      {"a.pkl.gz", gzip(Payloads.plainPickle())},
    }) {
      List<FileResult> rs = members((String) c[0], (byte[]) c[1]);
      assertThat(rs).as(describe(rs)).hasSizeGreaterThanOrEqualTo(2);
      assertThat(rs).as(describe(rs)).allSatisfy(r -> {
        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
      });
    }
  }
}
