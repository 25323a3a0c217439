package io.modelvet.formats.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** llamafile: an APE executable whose appended zip holds the GGUF. */
class LlamafileScannerTest {
  private static byte[] fixture() throws IOException {
    return Files.readAllBytes(Scans.fixture("formats/llamafile/tiny.llamafile"));
  }

  @Test
  void theExecutableIsHighAndTheEmbeddedGgufIsScanned() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/llamafile/tiny.llamafile"));
    FileResult top = all.get(0);
    assertThat(top.format()).isEqualTo("llamafile");
    assertThat(top.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("llamafile.executable");
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.evidence()).contains("MZqFpD").contains("tiny.gguf");
    });
    FileResult gguf = all.stream().filter(r -> r.path().endsWith("!/tiny.gguf")).findFirst().orElseThrow();
    assertThat(gguf.format()).isEqualTo("gguf");
    assertThat(gguf.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void anApeWithoutItsZipIsInconclusiveNotClean() throws IOException {
    byte[] b = fixture();
    FileResult r = Scans.bytes("cut.llamafile", java.util.Arrays.copyOf(b, 4096));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("llamafile.executable"));
  }

  @Property(tries = 200)
  void mutatedLlamafilesStayBounded(@ForAll("files") byte[] b) {
    HostileScan.check("m.llamafile", b);
  }

  @Provide
  Arbitrary<byte[]> files() throws IOException {
    byte[] b = fixture();
    return Mutations.of(b, 4000);
  }
}
