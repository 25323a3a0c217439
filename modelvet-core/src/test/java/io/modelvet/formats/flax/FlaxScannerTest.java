package io.modelvet.formats.flax;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FlaxScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/flax");

  @Test
  void benignCheckpointIsCleanAndRecognised() {
    FileResult r = Scans.file(DIR.resolve("benign.msgpack"));
    assertThat(r.format()).isEqualTo("flax-msgpack");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void shapeLargerThanBufferIsMedium() {
    assertThat(only(Scans.file(DIR.resolve("bad_shape.msgpack")), "flax.malformed-array", Severity.MEDIUM).evidence())
        .isEqualTo("/params/Dense_0/kernel: shape × float32 needs 4000000 bytes but the buffer has 16");
  }

  @Test
  void foreignExtensionCarryingAPickleIsReportedAndScanned() {
    List<FileResult> all = FindingAssert.scanAll(DIR.resolve("pickle_ext.msgpack"));
    assertThat(only(all.get(0), "flax.unknown-extension", Severity.MEDIUM).evidence()).isEqualTo("/opt_state: ext type 42, 34 bytes");
    assertThat(only(all.get(1), "pickle.denied-callable", Severity.CRITICAL).evidence()).isEqualTo("posix.system('id')");
  }

  @Test
  void pickleOpeningWithAnEmptyMapByteIsNotClaimed() {
    assertThat(Scans.bytes("x.pkl", new byte[] {(byte) 0x80, 2, ']', 'q', 0, '.'}).format()).isEqualTo("pickle");
  }

  @Property(tries = 300)
  void mutatedCheckpointsNeverEscape(@ForAll("checkpoints") byte[] file) {
    HostileScan.check("m.msgpack", file);
  }

  @Provide
  Arbitrary<byte[]> checkpoints() {
    return Mutations.of(FindingAssert.fixture("flax/benign.msgpack"), 1,
        Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) 0xdf, (byte) 0xdd, (byte) 0xc9, (byte) 0xc6, (byte) 0xdb, (byte) 0xff, (byte) 0x7f)));
  }
}
