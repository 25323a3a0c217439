package io.modelvet.formats.compiled;

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
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompiledModelScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/compiled");

  @ParameterizedTest
  @CsvSource({"benign.engine, tensorrt-engine, TensorRT engine", "ultralytics.engine, tensorrt-engine, TensorRT engine",
      "benign.rknn, rknn, RKNN model"})
  void opaqueFormatsAreInconclusiveWithAReasonNamingThem(String name, String format, String display) {
    FileResult r = Scans.file(DIR.resolve(name));
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).startsWith(display + ":").endsWith("no plugin library is named");
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void pluginLibraryAndEmbeddedElfAreReported() {
    FileResult r = Scans.file(DIR.resolve("plugin.engine"));
    assertThat(only(r, "compiled.plugin-library", Severity.MEDIUM).evidence()).isEqualTo("libmy_evil_plugin.so");
    assertThat(only(r, "compiled.embedded-executable", Severity.HIGH).evidence()).isEqualTo("ELF header at 4221");
    assertThat(r.inconclusiveReason()).endsWith("plugin libraries named: libmy_evil_plugin.so");
  }

  @Property(tries = 100)
  void mutatedEnginesNeverEscape(@ForAll("engines") byte[] file) {
    HostileScan.check("m.engine", file);
  }

  @Provide
  Arbitrary<byte[]> engines() {
    return Mutations.of(FindingAssert.fixture("compiled/ultralytics.engine"), 0);
  }
}
