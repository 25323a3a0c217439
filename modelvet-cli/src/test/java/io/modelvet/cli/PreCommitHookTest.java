package io.modelvet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code .pre-commit-hooks.yaml}, run by the real {@code pre-commit} tool
 * ({@code pre-commit try-repo}) on a throw-away git project. Skips, saying why, when pre-commit or
 * git is not installed.
 */
class PreCommitHookTest {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  /** A pickle whose loading calls os.system('id'). */
  private static final byte[] EVIL = "cos\nsystem\n(S'id'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
  /** A pickle of an empty dict: nothing imported, nothing called. */
  private static final byte[] BENIGN = {(byte) 0x80, 2, '}', 'q', 0, '.'};

  @TempDir Path tmp;
  private Path hooks;
  private Path project;

  @BeforeEach
  void setUp() throws Exception {
    assumeThat(onPath("pre-commit")).as("pre-commit is not installed (Debian: apt-get install pre-commit); hook test skipped").isTrue();
    assumeThat(onPath("git")).as("git is not installed; hook test skipped").isTrue();
    hooks = Files.createDirectories(tmp.resolve("hooks"));
    Files.copy(CHECKOUT.resolve(".pre-commit-hooks.yaml"), hooks.resolve(".pre-commit-hooks.yaml"));
    Files.createDirectories(hooks.resolve("bin"));
    Files.copy(CHECKOUT.resolve("bin/modelvet-pre-commit"), hooks.resolve("bin/modelvet-pre-commit"));
    git(hooks, "init", "-q");
    git(hooks, "add", ".");
    git(hooks, "commit", "-q", "-m", "hooks");
    project = Files.createDirectories(tmp.resolve("project"));
    git(project, "init", "-q");
  }

  @Test
  void aStagedMaliciousPickleFailsTheHookAndABenignOnePasses() throws Exception {
    Files.write(project.resolve("evil.pkl"), EVIL);
    Files.write(project.resolve("benign.pkl"), BENIGN);
    Files.writeString(project.resolve("notes.md"), "# notes\n");
    git(project, "add", ".");

    Result evil = preCommit("evil.pkl");
    assertThat(evil.code()).as(evil.out()).isNotZero();
    assertThat(evil.out()).contains("ModelVet (static model scan)").contains("Failed").contains("CRITICAL").contains("os.system").contains("evil.pkl");

    Result benign = preCommit("benign.pkl");
    assertThat(benign.code()).as(benign.out()).isZero();
    assertThat(benign.out()).contains("Passed");

    Result notModel = preCommit("notes.md");
    assertThat(notModel.code()).as(notModel.out()).isZero();
    assertThat(notModel.out()).contains("no files to check");
  }

  private record Result(int code, String out) {}

  private Result preCommit(String file) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("pre-commit", "try-repo", hooks.toString(), "modelvet", "--verbose", "--files", file)
        .directory(project.toFile())
        .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PRE_COMMIT_HOME", tmp.resolve("pre-commit-cache").toString());
    env.put("MODELVET", TestClassPath.cliCommand());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
    return new Result(p.exitValue(), out);
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + " failed: " + out);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    return false;
  }
}
