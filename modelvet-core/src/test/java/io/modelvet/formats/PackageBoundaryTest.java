package io.modelvet.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Format packages do not reach into each other: a class under {@code io.modelvet.formats.X}
 * (X = the first package segment after {@code formats}) names only its own family and {@code
 * formats.common}, and the engine names no format package at all (it knows scanners through
 * {@code META-INF/services}). Checked on the main sources' code, comments and strings removed, so
 * imports and fully qualified names both count.
 */
class PackageBoundaryTest {
  private static final Path MAIN = Path.of("src/main/java/io/modelvet");
  private static final Pattern FORMAT_REF = Pattern.compile("\\bio\\.modelvet\\.formats\\.([a-z0-9_]+)\\b");
  private static final Pattern COMMENT_OR_STRING = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/|'(?:\\\\.|[^'\\\\])'|\"(?:\\\\.|[^\"\\\\\\n])*\"");

  @Test
  void formatFamiliesUseOnlyThemselvesAndCommon() throws IOException {
    List<String> violations = new ArrayList<>();
    Path formats = MAIN.resolve("formats");
    assertThat(formats).as("run from the modelvet-core module folder").isDirectory();
    try (Stream<Path> files = Files.walk(formats)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String family = formats.relativize(f).getName(0).toString();
        if (family.endsWith(".java")) continue; // a class directly in formats (none today) belongs to no family
        for (String used : referencedFamilies(f))
          if (!used.equals(family) && !used.equals("common")) violations.add(formats.relativize(f) + " uses formats." + used);
      }
    }
    assertThat(violations).as("format packages reaching into other format packages").isEmpty();
  }

  @Test
  void theEngineNamesNoFormatPackage() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(MAIN.resolve("engine"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList())
        for (String used : referencedFamilies(f)) violations.add(f.getFileName() + " uses formats." + used);
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theCheckSeesAReferenceInCodeButNotInCommentsOrStrings() {
    String code = "import io.modelvet.formats.keras.X;\n// io.modelvet.formats.onnx.Y\nString s = \"io.modelvet.formats.gguf.Z\";\nchar q = '\"';\nvar t = io.modelvet.formats.tflite.W.get();\n";
    assertThat(families(code)).containsExactly("keras", "tflite");
  }

  private static List<String> referencedFamilies(Path f) throws IOException {
    return families(Files.readString(f));
  }

  private static List<String> families(String source) {
    String code = COMMENT_OR_STRING.matcher(source).replaceAll(" ");
    List<String> out = new ArrayList<>();
    Matcher m = FORMAT_REF.matcher(code);
    while (m.find()) if (!out.contains(m.group(1))) out.add(m.group(1));
    return out;
  }
}
