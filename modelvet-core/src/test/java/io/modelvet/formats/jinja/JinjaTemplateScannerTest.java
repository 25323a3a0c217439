package io.modelvet.formats.jinja;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JinjaTemplateScannerTest {
  private static final Path FIX = Path.of("src/test/resources/fixtures/jinja");

  @Test
  void standaloneRealTemplateIsSniffedAndClean() {
    FileResult r = Scans.file(FIX.resolve("benign/llama31-tools.jinja"));
    assertThat(r.format()).isEqualTo("jinja");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void standaloneMaliciousTemplateIsCriticalWhateverItsName() throws IOException {
    byte[] t = Files.readAllBytes(FIX.resolve("malicious/cycler-globals-os.jinja"));
    FileResult r = Scans.bytes("notes.txt", t);
    assertThat(r.format()).isEqualTo("jinja");
    assertThat(Scans.worst(r)).isEqualTo(Severity.CRITICAL);
    assertThat(r.findings().get(0).location().detail()).isEqualTo("file line 1");
  }

  @Test
  void plainTextAndJsonAreNotClaimed() {
    assertThat(Scans.bytes("README.md", "# Model card\nJust text.\n".getBytes(StandardCharsets.UTF_8)).format()).isNotEqualTo("jinja");
    byte[] json = "{\"chat_template\": \"{{ messages }}\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(Scans.bytes("tokenizer_config.json", json).format()).isNotEqualTo("jinja");
    byte[] pretty = "{\n  \"chat_template\": \"{% for m in messages %}{{ m }}{% endfor %}\"\n}".getBytes(StandardCharsets.UTF_8);
    assertThat(Scans.bytes("chat_template.json", pretty).format()).isNotEqualTo("jinja");
  }

  @Test
  void binaryWithBracesIsNotClaimed() {
    byte[] b = new byte[64];
    b[0] = 0;
    b[1] = '{';
    b[2] = '{';
    b[10] = '}';
    b[11] = '}';
    assertThat(Scans.bytes("x.bin", b).format()).isNotEqualTo("jinja");
  }
}
