package io.modelvet.formats.pickle;

import static io.modelvet.testutil.Scans.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.formats.common.PickleProgram;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.PickleBytes;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Staged payloads need proof: bytes count as an embedded pickle only when they are a complete
 * program, array data is never reported, and the severity follows what the inner program does.
 * Fixtures come from fixtures/generators/pickle/gen_staged_fixtures.py (real pickle and numpy).
 */
class StagedPayloadTest {

  private static List<Finding> nested(List<FileResult> rs) {
    return rs.stream().flatMap(r -> r.findings().stream()).filter(f -> f.ruleId().equals("pickle.nested-pickle")).toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 5})
  void anArrayWhoseBytesAreAPickleProgramIsData(int protocol) {
    List<FileResult> rs = io.modelvet.testutil.Scans.members("a.pkl", io.modelvet.testutil.Scans.resource("pickle/staged/ndarray_holding_program_p" + protocol + ".pkl"));
    assertThat(rs).as(describe(rs)).hasSize(1);
    assertThat(nested(rs)).as(describe(rs)).isEmpty();
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void theSameProgramAsABytesValueIsAStagedPayloadAtMedium() {
    List<FileResult> rs = io.modelvet.testutil.Scans.members("b.pkl", io.modelvet.testutil.Scans.resource("pickle/staged/bytes_holding_program_p4.pkl"));
    assertThat(nested(rs)).as(describe(rs)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.message()).contains("complete pickle program").contains("embedded-1");
    });
    assertThat(rs).hasSize(2);
    assertThat(rs.get(1).findings()).extracting(Finding::ruleId, Finding::severity)
        .contains(org.assertj.core.groups.Tuple.tuple("pickle.denied-callable", Severity.MEDIUM));
  }

  @Test
  void aStagedPickleOfPlainDataIsLow() {
    List<FileResult> rs = io.modelvet.testutil.Scans.members("c.pkl", io.modelvet.testutil.Scans.resource("pickle/staged/bytes_holding_plain_pickle_p4.pkl"));
    assertThat(nested(rs)).as(describe(rs)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.message()).startsWith("Staged pickle holding plain data");
    });
    assertThat(rs.get(0).worst()).isEqualTo(Severity.LOW);
  }

  @Test
  void bytesHandedToALoaderStayHighWithoutProof() {
    // pickle.loads(b'\x80\x04...' of os.system): a loader runs it, so it is scanned whatever its shape
    byte[] inner = PickleWriter.proto(4).str("os").str("system").stackGlobal().str("id").tuple1().reduce().stop().bytes();
    byte[] outer = PickleWriter.proto(4).str("pickle").str("loads").stackGlobal().bytes(inner).tuple1().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("d.pkl", outer);
    assertThat(nested(rs)).as(describe(rs)).extracting(Finding::severity).containsExactly(Severity.HIGH);
    assertThat(io.modelvet.testutil.Scans.worst(rs)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void numpyLatin1DataThatStartsLikeAPickleIsNotProbed() {
    // protocol-2 ndarray: _reconstruct + BUILD((1, shape, dtype, False, _codecs.encode('\x80\x00...', 'latin1')))
    String data = "\u0080\u0000\u0000\u0000\u0081\u00b2\u00c4\u0003\u00e7u\u00a8\r&#\u00e07";
    byte[] p = PickleWriter.proto(2)
        .global("numpy.core.multiarray", "_reconstruct").mark().global("numpy", "ndarray").int1(0).tuple1().shortBinString("b").tuple().reduce()
        .mark().int1(1).int1(4).tuple1().global("numpy", "dtype").mark().shortBinString("f4").int1(0).int1(1).tuple().reduce()
        .op(0x89).global("_codecs", "encode").unicode0(data).shortBinString("latin1").tuple2().reduce().tuple().build().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("e.pkl", p);
    assertThat(rs).as(describe(rs)).hasSize(1);
    assertThat(nested(rs)).isEmpty();
    assertThat(rs.get(0).verdict()).as(describe(rs)).isNotEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void theProofNeedsACompleteConsistentNonTrivialProgram() {
    byte[] program = PickleBytes.of("80 04 8c 08 'builtins' 94 8c 05 'print' 94 93 8c 02 'hi' 85 52 2e");
    assertThat(PickleProgram.prove(program)).isNotNull().satisfies(p -> {
      assertThat(p.protocol()).isEqualTo(4);
      assertThat(p.ops()).isEqualTo(10);
      assertThat(p.globals()).isEqualTo(1);
      assertThat(p.trailer()).isZero();
    });
    // cut before STOP
    assertThat(PickleProgram.prove(java.util.Arrays.copyOf(program, program.length - 1))).isNull();
    // declared protocol 2 but uses protocol-4 opcodes
    byte[] inconsistent = program.clone();
    inconsistent[1] = 2;
    assertThat(PickleProgram.prove(inconsistent)).isNull();
    // long trailer after STOP
    assertThat(PickleProgram.prove(PickleBytes.of("80 04 8c 08 'builtins' 94 8c 05 'print' 94 93 8c 02 'hi' 85 52 2e 'trailing junk bytes'"))).isNull();
    // a short, bounded trailer is accepted and reported
    assertThat(PickleProgram.prove(PickleBytes.of("80 04 8c 08 'builtins' 94 8c 05 'print' 94 93 8c 02 'hi' 85 52 2e 0a")).trailer()).isEqualTo(1);
    // trivial: PROTO, one value, STOP
    assertThat(PickleProgram.prove(PickleBytes.of("80 04 4b 01 2e"))).isNull();
    // stack underflow: REDUCE on an empty stack
    assertThat(PickleProgram.prove(PickleBytes.of("80 02 52 4e 4e 4e 4e 2e"))).isNull();
    // two values left at STOP
    assertThat(PickleProgram.prove(PickleBytes.of("80 02 4e 4e 4e 4e 30 2e"))).isNull();
  }

  @Test
  void headerlessProgramsMustImportByIdentifier() {
    assertThat(PickleProgram.proveHeaderless(PickleBytes.of("'cos' 0a 'system' 0a 28 53 27 'id' 27 0a 74 52 2e"), 0)).isNotNull();
    assertThat(PickleProgram.proveHeaderless(PickleBytes.of("'co s' 0a 'sy;stem' 0a 28 53 27 'id' 27 0a 74 52 2e"), 0)).isNull();
    assertThat(PickleProgram.proveHeaderless(PickleBytes.of("8c 02 'os' 8c 06 'system' 93 8c 02 'id' 85 52 2e"), 0)).isNotNull();
    assertThat(PickleProgram.proveHeaderless(PickleBytes.of("8c 02 'o ' 8c 06 'system' 93 8c 02 'id' 85 52 2e"), 0)).isNull();
  }

  /** Random bytes with a valid header are (almost) never a program: none in 200,000 tries. */
  @Test
  void randomBytesBehindAPickleHeaderAreNotAProgram() {
    Random rnd = new Random(8);
    int proven = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] d = new byte[8 + rnd.nextInt(512)];
      rnd.nextBytes(d);
      d[0] = (byte) 0x80;
      d[1] = (byte) (2 + rnd.nextInt(4));
      if (PickleProgram.prove(d) != null) proven++;
    }
    assertThat(proven).isZero();
  }

  @Property(tries = 300)
  void randomOperandsNeverBecomeStagedFindings(@ForAll @Size(min = 16, max = 600) byte[] data) {
    data[0] = (byte) 0x80;
    data[1] = 4;
    byte[] p = PickleWriter.proto(4).emptyDict().str("blob").bytes(data).setitem().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("f.pkl", p);
    assertThat(nested(rs)).isEmpty();
    assertThat(rs).hasSize(1);
  }
}
