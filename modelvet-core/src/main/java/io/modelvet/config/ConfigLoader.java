package io.modelvet.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code .modelvet.yaml} (or {@code .modelvet.yml}). Unknown keys are errors, so a typo
 * never silently disables a suppression or an allow entry.
 */
public final class ConfigLoader {
  public static final List<String> FILE_NAMES = List.of(".modelvet.yaml", ".modelvet.yml");

  private ConfigLoader() {}

  public static ScanConfig load(Path file) throws IOException {
    ObjectMapper yaml =
        com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .build();
    ScanConfig c = yaml.readValue(file.toFile(), ScanConfig.class);
    if (c == null) return ScanConfig.empty();
    for (ScanConfig.AllowedGlobal a : c.allow())
      require(a.module() != null && a.name() != null && a.reason() != null, file, "allow entries need module, name and reason");
    for (ScanConfig.Suppress s : c.suppress())
      require(s.rule() != null && s.reason() != null, file, "suppress entries need rule and reason");
    for (ScanConfig.Override o : c.severity())
      require(o.rule() != null && o.level() != null && o.reason() != null, file, "severity entries need rule, level and reason");
    return c;
  }

  /** The config next to a scanned path: in the folder itself, or beside the file. */
  public static Optional<Path> findNear(Path scanned) {
    Path dir = Files.isDirectory(scanned) ? scanned : scanned.toAbsolutePath().getParent();
    if (dir == null) return Optional.empty();
    for (String n : FILE_NAMES) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  private static void require(boolean ok, Path file, String what) throws IOException {
    if (!ok) throw new IOException(file + ": " + what);
  }
}
