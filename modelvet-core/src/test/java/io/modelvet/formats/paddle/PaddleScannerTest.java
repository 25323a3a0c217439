package io.modelvet.formats.paddle;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PaddleScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/paddle");

  @ParameterizedTest
  @CsvSource({"benign.pdmodel, paddle-program", "benign.pdiparams, paddle-params", "benign.pdparams, pickle"})
  void benignFilesAreCleanAndRecognised(String name, String format) {
    FileResult r = Scans.file(DIR.resolve(name));
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void pyFuncIsHigh() {
    assertThat(only(Scans.file(DIR.resolve("py_func.pdmodel")), "paddle.dangerous-op", Severity.HIGH).evidence()).isEqualTo("py_func");
  }

  @Test
  void fileOperatorIsHighWithItsPath() {
    assertThat(only(Scans.file(DIR.resolve("load_file.pdmodel")), "paddle.dangerous-op", Severity.HIGH).evidence())
        .isEqualTo("load_combine(file_path='/etc/shadow')");
  }

  @Test
  void customOperatorIsLowAndNamed() {
    assertThat(only(Scans.file(DIR.resolve("custom_op.pdmodel")), "paddle.unknown-op", Severity.LOW).evidence()).isEqualTo("my_custom_relu");
  }

  @Test
  void pickleAfterParametersIsScanned() {
    List<FileResult> all = FindingAssert.scanAll(DIR.resolve("trailing.pdiparams"));
    only(all.get(0), "paddle.trailing-data", Severity.MEDIUM);
    assertThat(only(all.get(1), "pickle.denied-callable", Severity.CRITICAL).evidence()).isEqualTo("posix.system('id')");
  }

  @Property(tries = 200)
  void mutatedProgramsNeverEscape(@ForAll("programs") byte[] file) {
    HostileScan.check("m.pdmodel", file);
  }

  @Property(tries = 200)
  void mutatedParametersNeverEscape(@ForAll("params") byte[] file) {
    HostileScan.check("m.pdiparams", file);
  }

  @Provide
  Arbitrary<byte[]> programs() {
    return Mutations.of(FindingAssert.fixture("paddle/load_file.pdmodel"), 15);
  }

  @Provide
  Arbitrary<byte[]> params() {
    return Mutations.of(FindingAssert.fixture("paddle/benign.pdiparams"), 4);
  }
}
