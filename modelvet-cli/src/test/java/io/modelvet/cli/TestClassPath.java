package io.modelvet.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/** The class path of this test JVM, for tests that run the CLI in a child process. */
final class TestClassPath {
  private TestClassPath() {}

  /** The entries, with surefire's manifest-only booter jar expanded to the entries it names. */
  static List<Path> entries() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String s : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(s);
      if (!Files.exists(p)) continue;
      String manifestCp = null;
      if (Files.isRegularFile(p) && p.getFileName().toString().startsWith("surefirebooter")) {
        try (JarFile j = new JarFile(p.toFile())) {
          if (j.getManifest() != null) manifestCp = j.getManifest().getMainAttributes().getValue("Class-Path");
        }
      }
      if (manifestCp == null) out.add(p);
      else for (String u : manifestCp.trim().split("\\s+")) out.add(Path.of(URI.create(u)));
    }
    return out;
  }

  /** {@code java -cp ... io.modelvet.cli.Main} as one command line (no spaces in the paths). */
  static String cliCommand() throws IOException {
    List<String> cp = new ArrayList<>();
    for (Path p : entries()) cp.add(p.toString());
    return Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -cp " + String.join(File.pathSeparator, cp) + " " + Main.class.getName();
  }
}
