package io.modelvet.formats.archive;

import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.finding;
import static io.modelvet.testutil.Scans.fixture;
import static io.modelvet.testutil.Scans.members;
import static io.modelvet.testutil.Scans.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.modelvet.engine.Budgets;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Scans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

class TarAndWrapperTest {
  private static final String DEEP = "model/" + "long_folder_name/".repeat(8) + "deep.txt";

  @Test
  void tarMembersAreDispatchedWithLongNames() {
    for (String name : List.of("model.tar", "model_pax.tar")) {
      List<FileResult> rs = members(fixture("containers/" + name));
      assertThat(rs.get(0).format()).isEqualTo("tar");
      assertThat(rs.get(0).verdict()).as(describe(rs)).isEqualTo(Verdict.CLEAN);
      assertThat(rs).extracting(FileResult::path).containsExactly(name, name + "!/model/README.txt", name + "!/model/weights.pkl", name + "!/" + DEEP);
      assertThat(result(rs, name + "!/" + DEEP).format()).isEqualTo("text");
    }
  }

  @Test
  void compressedTarsAreStreamed() {
    for (String[] c : new String[][] {{"model.tar.gz", "tar.gz"}, {"model.tar.bz2", "tar.bz2"}, {"model.tar.xz", "tar.xz"}}) {
      List<FileResult> rs = members(fixture("containers/" + c[0]));
      assertThat(rs.get(0).format()).isEqualTo(c[1]);
      assertThat(rs).extracting(FileResult::path).contains(c[0] + "!/model/weights.pkl", c[0] + "!/" + DEEP);
      assertThat(result(rs, c[0] + "!/model/README.txt").verdict()).isEqualTo(Verdict.CLEAN);
    }
  }

  @Test
  void hostileTarEntriesAreReported() {
    List<FileResult> rs = members(fixture("containers/hostile.tar"));
    FileResult tar = rs.get(0);
    List<Finding> f = tar.findings();
    assertThat(f).filteredOn(x -> x.ruleId().equals("archive.path-traversal")).extracting(Finding::evidence)
        .containsExactlyInAnyOrder("../../etc/cron.d/evil", "/abs/path.txt");
    assertThat(f).filteredOn(x -> x.ruleId().equals("archive.link")).extracting(x -> x.evidence() + " " + x.severity())
        .containsExactlyInAnyOrder("link_out -> /etc/passwd HIGH", "link_in -> model/README.txt MEDIUM", "hard_out -> ../../secret HIGH");
    assertThat(f).filteredOn(x -> x.ruleId().equals("archive.special-file")).hasSize(2);
    assertThat(finding(tar, "archive.duplicate-name").orElseThrow().evidence()).isEqualTo("dup.txt");
    assertThat(rs).extracting(FileResult::path).contains("hostile.tar!/payload.bin", "hostile.tar!/../../etc/cron.d/evil")
        .doesNotContain("hostile.tar!/link_out", "hostile.tar!/pipe");
  }

  @Test
  void legacyTorchTarIsRecognised() {
    List<FileResult> rs = members(fixture("containers/legacy_torch.tar"));
    assertThat(rs.get(0).format()).isEqualTo("pytorch-legacy-tar");
    assertThat(finding(rs.get(0), "pytorch.legacy-format").orElseThrow().severity()).isEqualTo(Severity.LOW);
    assertThat(rs).extracting(FileResult::path).containsExactly("legacy_torch.tar", "legacy_torch.tar!/sys_info", "legacy_torch.tar!/pickle", "legacy_torch.tar!/tensors", "legacy_torch.tar!/storages");
  }

  @Test
  void singleStreamWrappersHandOverTheDecompressedBytes() throws IOException {
    byte[] pickle = {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, '}', (byte) 0x94, '.'};
    for (String[] c : new String[][] {{"payload.pkl.gz", "gzip"}, {"payload.pkl.bz2", "bzip2"}, {"payload.pkl.xz", "xz"}}) {
      List<FileResult> rs = members(fixture("containers/" + c[0]));
      assertThat(rs.get(0).format()).isEqualTo(c[1]);
      assertThat(rs).extracting(FileResult::path).containsExactly(c[0], c[0] + "!/payload.pkl");
      assertThat(rs.get(1).size()).isGreaterThan(20);
    }
    List<FileResult> zst = Scans.members("w.pkl.zst", Zstd.compress(pickle));
    assertThat(zst.get(0).format()).isEqualTo("zstd");
    assertThat(zst.get(1).path()).isEqualTo("w.pkl.zst!/w.pkl");
    assertThat(zst.get(1).size()).isEqualTo(pickle.length);

    ByteArrayOutputStream lz = new ByteArrayOutputStream();
    try (FramedLZ4CompressorOutputStream o = new FramedLZ4CompressorOutputStream(lz)) {
      o.write(pickle);
    }
    List<FileResult> lz4 = Scans.members("w.pkl.lz4", lz.toByteArray());
    assertThat(lz4.get(0).format()).isEqualTo("lz4");
    assertThat(lz4.get(1).size()).isEqualTo(pickle.length);
  }

  @Test
  void zlibAndLzmaStreamsAreUnwrapped() throws IOException {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream o = new DeflaterOutputStream(z)) {
      o.write("vocabulary\nline two\n".getBytes());
    }
    List<FileResult> zlib = Scans.members("vocab.txt.zz", z.toByteArray());
    assertThat(zlib.get(0).format()).isEqualTo("zlib");
    assertThat(zlib).extracting(FileResult::path).containsExactly("vocab.txt.zz", "vocab.txt.zz!/vocab.txt");
    assertThat(zlib.get(1).format()).isEqualTo("text");
    // joblib's "lzma" compressor writes the legacy .lzma format around its pickle
    List<FileResult> lzma = members(fixture("containers/model_lzma.joblib"));
    assertThat(lzma.get(0).format()).isEqualTo("lzma");
    assertThat(lzma.get(0).findings()).as("joblib files are commonly compressed: no extension mismatch").isEmpty();
    assertThat(lzma).extracting(FileResult::path).containsExactly("model_lzma.joblib", "model_lzma.joblib!/model_lzma.joblib");
  }

  @Test
  void gzipBombIsStopped() {
    List<FileResult> rs = members(fixture("containers/zeros_bomb.gz"));
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(finding(rs.get(0), "archive.bomb")).isPresent();
  }

  @Test
  void totalExpansionBudgetStopsTheFile() throws IOException {
    byte[] text = "0123456789abcdef\n".repeat(100_000).getBytes(); // 1.7 MB, compresses ~100x (under the ratio)
    Budgets b = Budgets.defaults();
    Budgets small = new Budgets(b.maxDepth(), b.maxEntries(), 1 << 20, 1_000_000, b.maxInMemoryMember(), b.maxPickleOps(), b.maxPickleStack(), b.maxPickleMemo(), b.maxPickleNesting(), b.maxOperandBytes(), b.perFileTimeout());
    List<FileResult> rs = Scans.members(small, "t.txt.gz", Containers.gzip(text));
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(rs.get(0).inconclusiveReason()).contains("decompressed");
  }

  @Test
  void memberOverTheInMemoryBudgetIsInconclusive() throws IOException {
    Budgets b = Budgets.defaults();
    Budgets small = new Budgets(b.maxDepth(), b.maxEntries(), b.maxExpandedBytes(), b.maxExpansionRatio(), 100_000, b.maxPickleOps(), b.maxPickleStack(), b.maxPickleMemo(), b.maxPickleNesting(), b.maxOperandBytes(), b.perFileTimeout());
    List<FileResult> rs = Scans.members(small, "big.bin.gz", Containers.gzip(new byte[300_000]));
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0).inconclusiveReason()).contains("more than 100000 bytes");
  }

  @Test
  void sevenZipMembersAreDispatched() {
    List<FileResult> rs = members(fixture("containers/model.7z"));
    assertThat(rs.get(0).format()).isEqualTo("7z");
    assertThat(rs).extracting(FileResult::path).containsExactlyInAnyOrder("model.7z", "model.7z!/weights.dat", "model.7z!/notes.txt");
  }

  @Test
  void encrypted7zIsInconclusive() {
    for (String name : List.of("encrypted.7z", "encrypted_headers.7z")) {
      List<FileResult> rs = members(fixture("containers/" + name));
      assertThat(rs).hasSize(1);
      assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(finding(rs.get(0), "archive.encrypted")).isPresent();
    }
  }

  @Test
  void innerNamesDropTheCompressionExtension() {
    assertThat(CompressedScanner.innerName("model.pkl.gz")).isEqualTo("model.pkl");
    assertThat(CompressedScanner.innerName("x.tgz")).isEqualTo("x.tar");
    assertThat(CompressedScanner.innerName("m.joblib")).isEqualTo("m.joblib");
    assertThat(CompressedScanner.innerName("noext")).isEqualTo("noext");
  }
}
