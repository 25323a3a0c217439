package io.modelvet.formats.archive;

import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.finding;
import static io.modelvet.testutil.Scans.result;
import static io.modelvet.testutil.Scans.ruleIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import io.modelvet.testutil.SharedCorpus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The peer scanners' container samples (shared corpus, read-only): every member is found and
 * dispatched under the name PyTorch would use, the evasion tricks are reported, and the payload
 * inside keeps its own rule and severity (the archive's anomaly finding never stands in for it).
 */
class PeerCorpusContainersTest {
  private static List<FileResult> scan(String rel) {
    return Scans.members(SharedCorpus.require("peers/" + rel));
  }

  @ParameterizedTest
  @CsvSource({
    "picklescan/tests/data/malicious1.zip, data.pkl, '', pickle.denied-callable, CRITICAL",
    "picklescan/tests/data/malicious1_wrong_ext.zip, data.txt, '', pickle.denied-callable, CRITICAL",
    "picklescan/tests/data/malicious1_0x1.zip, model/config.pkl, archive.flag-anomaly, pickle.denied-callable, CRITICAL",
    "picklescan/tests/data/malicious1_0x20.zip, model/config.pkl, archive.flag-anomaly, pickle.denied-callable, CRITICAL",
    "picklescan/tests/data/malicious1_0x40.zip, model/config.pkl, archive.flag-anomaly, pickle.denied-callable, CRITICAL",
    "picklescan/tests/data/malicious1_central_directory.zip, data.pkl, archive.name-mismatch, pickle.denied-callable, CRITICAL",
    "picklescan/tests/data2/malicious1_crc.zip, data.pkl, archive.crc-mismatch, pickle.denied-callable, CRITICAL",
    "picklescan/tests/data/malicious1.7z, data.pkl, '', pickle.denied-callable, CRITICAL",
    "modelaudit/tests/assets/samples/archives/path_traversal.zip, model/malicious.pkl, archive.path-traversal, pickle.denied-callable, CRITICAL",
  })
  void maliciousSamplesHaveTheirPickleDispatched(String rel, String member, String rule, String payloadRule, String payloadSeverity) {
    List<FileResult> rs = scan(rel);
    String name = Path.of(rel).getFileName().toString();
    FileResult m = result(rs, name + "!/" + member);
    assertThat(m.size()).isGreaterThan(40);
    // the payload's own verdict, not the archive's anomaly finding, is what must hold
    assertThat(m.findings()).as(describe(rs)).anyMatch(f -> f.ruleId().equals(payloadRule) && f.severity() == Severity.valueOf(payloadSeverity));
    if (!rule.isEmpty()) {
      assertThat(ruleIds(rs.get(0))).as(describe(rs)).contains(rule);
      assertThat(finding(rs.get(0), rule).orElseThrow().severity()).isGreaterThanOrEqualTo(Severity.MEDIUM);
    }
  }

  @Test
  void pytorchZipsAreRefined() {
    for (String rel : List.of("picklescan/tests/data/new_pytorch_model.bin", "modelscan/tests/data/unsafe_zip_pytorch.pt", "modelscan/generated/pytorch_file_path/safe_zip_pytorch.pt")) {
      List<FileResult> rs = scan(rel);
      assertThat(rs.get(0).format()).as(rel).isEqualTo("pytorch-zip");
      assertThat(rs.get(0).findings()).as(describe(rs)).isEmpty();
      assertThat(rs).extracting(FileResult::path).anyMatch(p -> p.endsWith("/data.pkl")).noneMatch(p -> p.matches(".*/data/\\d+$"));
    }
  }

  @Test
  void passwordProtectedZipsAreInconclusiveNeverClean() {
    for (String rel : List.of("picklescan/tests/data/benign_password_protected.zip", "modelscan/tests/data/password_protected.zip")) {
      List<FileResult> rs = scan(rel);
      assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(rs.get(0).worst()).isEqualTo(Severity.LOW);
    }
  }

  @Test
  void benignArchivesHaveNothingAtMediumOrAbove() {
    for (String rel : List.of("modelaudit/tests/assets/samples/archives/safe_model.zip", "picklescan/tests/data2/int_arrays.npz", "picklescan/tests/data2/int_arrays_compressed.npz", "picklescan/tests/data2/int_array.npy")) {
      List<FileResult> rs = scan(rel);
      assertThat(rs).as(describe(rs)).allMatch(r -> r.findings().stream().allMatch(f -> f.severity().compareTo(Severity.MEDIUM) < 0));
      assertThat(rs.get(0).verdict()).isEqualTo(Verdict.CLEAN);
    }
  }

  @Test
  void numpyObjectArraysHandOverTheirPickle() {
    for (String rel : List.of("picklescan/tests/data2/object_array.npy", "picklescan/tests/data2/dns_exfiltration.npy")) {
      List<FileResult> rs = scan(rel);
      String name = Path.of(rel).getFileName().toString();
      assertThat(rs.get(0).format()).isEqualTo("numpy");
      assertThat(rs).extracting(FileResult::path).contains(name + "!/array.pkl");
    }
    // A bare pickle named .npy (np.load(allow_pickle=True) loads it too) is not NumPy content: the
    // extension check flags the disguise and the pickle scanner takes it.
    List<FileResult> bare = scan("modelscan/generated/numpy_file_path/unsafe_numpy.npy");
    assertThat(bare.get(0).format()).isNotEqualTo("numpy");
    assertThat(ruleIds(bare.get(0))).contains("general.extension-mismatch");
    List<FileResult> npz = scan("picklescan/tests/data2/object_arrays.npz");
    assertThat(npz).extracting(FileResult::path).contains("object_arrays.npz!/a.npy!/array.pkl", "object_arrays.npz!/b.npy!/array.pkl");
  }
}
