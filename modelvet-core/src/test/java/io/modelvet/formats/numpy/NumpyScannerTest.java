package io.modelvet.formats.numpy;

import io.modelvet.formats.common.numpy.NpyHeader;
import io.modelvet.formats.common.numpy.PyLiteral;

import static io.modelvet.testutil.Scans.assertDeniedCall;
import static io.modelvet.testutil.Scans.assertFinding;
import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.members;
import static io.modelvet.testutil.Scans.finding;
import static io.modelvet.testutil.Scans.fixture;
import static io.modelvet.testutil.Scans.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Payloads;
import io.modelvet.testutil.Scans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumpyScannerTest {

  @Test
  void plainArraysAreClean() {
    for (String name : List.of("int_array.npy", "structured.npy")) {
      List<FileResult> rs = members(fixture("containers/" + name));
      assertThat(rs).as(describe(rs)).hasSize(1);
      assertThat(rs.get(0).format()).isEqualTo("numpy");
      assertThat(rs.get(0).verdict()).isEqualTo(Verdict.CLEAN);
      assertThat(rs.get(0).findings()).isEmpty();
    }
  }

  @Test
  void objectArrayDataIsHandedOverAsAPickle() {
    List<FileResult> rs = members(fixture("containers/object_array.npy"));
    assertThat(finding(rs.get(0), "numpy.object-array").orElseThrow().severity()).isEqualTo(Severity.LOW);
    assertThat(rs).extracting(FileResult::path).containsExactly("object_array.npy", "object_array.npy!/array.pkl");
    NpyHeader h = header("object_array.npy");
    assertThat(rs.get(1).size()).isEqualTo(rs.get(0).size() - h.dataOffset());
  }

  @Test
  void trailingBytesAreReportedAndScanned() {
    List<FileResult> rs = members(fixture("containers/trailing.npy"));
    assertThat(finding(rs.get(0), "numpy.size-mismatch").orElseThrow().message()).contains("bytes after the array data");
    assertThat(rs).extracting(FileResult::path).containsExactly("trailing.npy", "trailing.npy!/trailing-data");
    assertThat(rs.get(1).size()).isGreaterThan(20);
  }

  @Test
  void truncatedDataIsReported() {
    List<FileResult> rs = members(fixture("containers/truncated.npy"));
    assertThat(rs).hasSize(1);
    assertThat(finding(rs.get(0), "numpy.size-mismatch").orElseThrow().message()).contains("truncated");
  }

  @Test
  void headerIsParsedWithoutEvaluation() throws Exception {
    NpyHeader h = NpyHeader.parse(npy(1, "{'descr': [('x', '<f4'), ('y', '<i8', (2,)), ('o', '|O')], 'fortran_order': False, 'shape': (3, 4), }"));
    assertThat(h.hasObjects()).isTrue();
    assertThat(h.shape()).containsExactly(3L, 4L);
    NpyHeader s = NpyHeader.parse(npy(2, "{'descr': [('x', '<f4'), ('y', '<i8', (2,))], 'fortran_order': True, 'shape': (5,)}"));
    assertThat(s.itemSize()).isEqualTo(20);
    assertThat(s.expectedDataBytes()).isEqualTo(100);
    assertThat(s.fortranOrder()).isTrue();
    assertThat(NpyHeader.parse(npy(1, "{'descr': '<U3', 'fortran_order': False, 'shape': ()}")).expectedDataBytes()).isEqualTo(12);
    assertThatThrownBy(() -> NpyHeader.parse(npy(1, "{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': ()}")))
        .isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> NpyHeader.parse(npy(1, "{'descr': '<f4', 'shape': (1,)}"))).isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> NpyHeader.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"))).isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> NpyHeader.parse(npy(1, "[".repeat(100)))).isInstanceOf(MalformedException.class);
  }

  @Test
  void hugeShapeOverflowDoesNotClaimASize() throws Exception {
    NpyHeader h = NpyHeader.parse(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387903, 4611686018427387903)}"));
    assertThat(h.count()).isEqualTo(-1);
    assertThat(h.expectedDataBytes()).isEqualTo(-1);
  }

  @Test
  void literalParserBuildsPlainValues() throws Exception {
    Object v = PyLiteral.parse("{'a': [1, -2, (True, None)], \"b\": 'x\\'y'}");
    assertThat(v).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) v).get("b")).isEqualTo("x'y");
  }

  @Test
  void maliciousObjectArrayIsCriticalInItsPickle() {
    List<FileResult> rs = members("evil.npy", Containers.npyObjects(Payloads.osSystemPickle()));
    assertThat(rs.get(0).format()).isEqualTo("numpy");
    assertFinding(rs, "evil.npy", "numpy.object-array", Severity.LOW);
    assertDeniedCall(rs, "evil.npy!/array.pkl");
  }

  @Test
  void maliciousObjectArrayInsideAnNpzIsCritical() {
    byte[] npz = Containers.zip("weights.npy", Containers.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]),
        "labels.npy", Containers.npyObjects(Payloads.osSystemPickle()));
    List<FileResult> rs = members("arrays.npz", npz);
    assertDeniedCall(rs, "arrays.npz!/labels.npy!/array.pkl");
    assertThat(result(rs, "arrays.npz").findings()).as(describe(rs)).isEmpty();
    assertThat(result(rs, "arrays.npz!/labels.npy").findings()).extracting(f -> f.ruleId()).containsExactly("numpy.object-array");
  }

  @Test
  void plainDataObjectArrayIsOnlyTheLowNotice() {
    List<FileResult> rs = members("names.npy", Containers.npyObjects(Payloads.plainPickle()));
    assertFinding(rs, "names.npy", "numpy.object-array", Severity.LOW);
    assertThat(result(rs, "names.npy!/array.pkl").findings()).as(describe(rs)).isEmpty();
    assertThat(Scans.worst(rs)).isEqualTo(Severity.LOW);
  }

  @Test
  void malformedHeaderIsInconclusive() {
    byte[] bad = npy(1, "{'descr': '<f4', 'fortran_order': maybe, 'shape': ()}");
    List<FileResult> rs = Scans.members("bad.npy", bad);
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  private static NpyHeader header(String fixture) {
    try {
      return NpyHeader.parse(java.nio.file.Files.readAllBytes(fixture("containers/" + fixture)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A .npy header of the given version around {@code dict}, without data. */
  static byte[] npy(int version, String dict) {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    int pre = version == 1 ? 10 : 12;
    byte[] out = new byte[pre + text.length];
    System.arraycopy(NpyHeader.MAGIC, 0, out, 0, 6);
    out[6] = (byte) version;
    out[8] = (byte) text.length;
    out[9] = (byte) (text.length >> 8);
    System.arraycopy(text, 0, out, pre, text.length);
    return out;
  }
}
