package io.modelvet.cli;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.modelvet.testutil.Trees;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the CLI in a child JVM as the unprivileged user {@code nobody} (via {@code setpriv}), for
 * tests that need the operating system to refuse access: root reads every folder whatever its
 * permissions. The class path is copied next to the test files so that nobody can read it.
 */
final class Unprivileged {
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private Unprivileged() {}

  /** Makes {@code work} readable by others, then runs {@code modelvet args...} as nobody; returns stdout. */
  static String runCli(Path work, String... args) throws IOException, InterruptedException {
    assumeThat(Files.isExecutable(SETPRIV)).as("running as root without /usr/bin/setpriv: cannot provoke a permission error").isTrue();
    Path cp = Files.createDirectories(work.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (Path e : TestClassPath.entries()) {
      Path copy = cp.resolve((i++) + "-" + e.getFileName());
      Trees.copy(e, copy);
      entries.add(copy.toString());
    }
    openUp(work);
    Files.setPosixFilePermissions(work.resolve("tree/locked"), PosixFilePermissions.fromString("---------"));
    List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-Xshare:off",
        "-cp", String.join(File.pathSeparator, entries), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
    Files.setPosixFilePermissions(work.resolve("tree/locked"), PosixFilePermissions.fromString("rwx------"));
    return new String(out, StandardCharsets.UTF_8);
  }

  private static void openUp(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator)
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }
}
