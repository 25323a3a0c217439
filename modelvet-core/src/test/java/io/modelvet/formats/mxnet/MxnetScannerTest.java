package io.modelvet.formats.mxnet;

import static io.modelvet.testutil.FindingAssert.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MxnetScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/mxnet");

  @ParameterizedTest
  @CsvSource({"benign-symbol.json, mxnet-symbol", "benign-0000.params, mxnet-params", "sparse-0000.params, mxnet-params"})
  void benignFilesAreCleanAndRecognised(String name, String format) {
    FileResult r = Scans.file(DIR.resolve(name));
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void customPythonOperatorIsMediumAndNamed() {
    assertThat(only(Scans.file(DIR.resolve("custom-symbol.json")), "mxnet.custom-op", Severity.MEDIUM).evidence()).isEqualTo("Custom(op_type=my_python_op)");
  }

  @Test
  void inputFromALaterNodeIsMedium() {
    assertThat(only(Scans.file(DIR.resolve("badinput-symbol.json")), "mxnet.malformed-graph", Severity.MEDIUM).evidence()).isEqualTo("node 5 input [40,0,0]");
  }

  @Test
  void pickleAfterParametersIsScanned() {
    List<FileResult> all = FindingAssert.scanAll(DIR.resolve("trailing-0000.params"));
    only(all.get(0), "mxnet.trailing-data", Severity.MEDIUM);
    assertThat(only(all.get(1), "pickle.denied-callable", Severity.CRITICAL).evidence()).isEqualTo("posix.system('id')");
  }

  @Test
  void plainJsonWithNodesKeyIsNotClaimed() {
    FileResult r = Scans.bytes("graph.json", "{\"nodes\": [{\"id\": 1}], \"edges\": []}".getBytes());
    assertThat(r.format()).isNotEqualTo("mxnet-symbol");
  }

  @Test
  void sparseIndicesOutsideTheArrayAreMedium() {
    List<FileResult> all = FindingAssert.scanAll(DIR.resolve("bad-sparse-0000.params"));
    List<String> evidence = all.get(0).findings().stream().filter(f -> f.ruleId().equals("mxnet.malformed-sparse")).map(f -> f.severity() + " " + f.evidence()).toList();
    assertThat(evidence).containsExactlyInAnyOrder("MEDIUM array 0: row index 9 is outside the 4 rows", "MEDIUM array 1: indptr[2] = 1 breaks 0 <= indptr ascending <= 3");
    assertThat(all.get(0).verdict()).isEqualTo(Verdict.FINDINGS);
  }

  @Test
  void sparseAuxiliaryShapeThatDisagreesIsMedium() throws java.io.IOException {
    byte[] b = java.nio.file.Files.readAllBytes(DIR.resolve("sparse-0000.params"));
    // the row_sparse array's index shape (int32 ndim, int64 dim) follows its aux dtype 6: make it 3 rows instead of 2
    int at = indexOf(b, new byte[] {6, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}) + 8;
    b[at] = 3;
    FileResult r = Scans.bytes("m.params", b);
    assertThat(only(r, "mxnet.malformed-sparse", Severity.MEDIUM).evidence()).isEqualTo("array 0: its row index array has shape [3] for 2 stored rows");
  }

  @Property(tries = 200)
  void mutatedSparseParametersNeverEscape(@ForAll("sparseParams") byte[] file) {
    HostileScan.check("m.params", file);
  }

  @Provide
  Arbitrary<byte[]> sparseParams() {
    return Mutations.of(FindingAssert.fixture("mxnet/sparse-0000.params"), 24);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    throw new AssertionError("pattern not found");
  }

  @Property(tries = 200)
  void mutatedParametersNeverEscape(@ForAll("params") byte[] file) {
    HostileScan.check("m.params", file);
  }

  @Provide
  Arbitrary<byte[]> params() {
    return Mutations.of(FindingAssert.fixture("mxnet/benign-0000.params"), 16);
  }
}
