package io.modelvet.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsScannerTest {
  private static final Path FIX = Path.of("src/test/resources/fixtures/safetensors");

  private static FileResult scan(String name) {
    return Scans.file(FIX.resolve(name));
  }

  @Test
  void specConformantFilesAreCleanAndDetectedByContent() {
    for (String name : List.of("benign_tiny.safetensors", "benign_empty.safetensors")) {
      FileResult r = scan(name);
      assertThat(r.format()).as(name).isEqualTo("safetensors");
      assertThat(r.findings()).as(name).isEmpty();
      assertThat(r.verdict()).as(name).isEqualTo(Verdict.CLEAN);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "dup_key.safetensors, safetensors.duplicate-key",
    "overlap.safetensors, safetensors.data-layout",
    "hole.safetensors, safetensors.data-layout",
    "trailing.safetensors, safetensors.trailing-bytes",
    "huge_header_len.safetensors, safetensors.malformed-header",
    "bad_dtype.safetensors, safetensors.malformed-header",
    "shape_mismatch.safetensors, safetensors.data-layout",
    "out_of_bounds.safetensors, safetensors.data-layout",
    "shape_overflow.safetensors, safetensors.data-layout",
    "header_trailing_garbage.safetensors, safetensors.malformed-header",
    "truncated.safetensors, safetensors.malformed-header"
  })
  void eachSpecViolationIsReportedAtMedium(String file, String rule) {
    FileResult r = scan(file);
    assertThat(r.format()).isEqualTo("safetensors");
    assertThat(Scans.ruleIds(r)).as(r.findings().toString()).contains(rule);
    assertThat(r.findings().stream().filter(f -> f.ruleId().equals(rule)))
        .allMatch(f -> f.severity() == Severity.MEDIUM);
  }

  @Test
  void overlapAndHoleMessagesNameTheTensorsAndOffsets() {
    FileResult overlap = scan("overlap.safetensors");
    assertThat(overlap.findings()).anyMatch(f -> f.message().contains("'b'") && f.message().contains("overlap"));
    FileResult hole = scan("hole.safetensors");
    assertThat(hole.findings()).anyMatch(f -> f.evidence().equals("hole of 16 bytes before b"));
  }

  @Test
  void nonStringMetadataIsOnlyCosmetic() {
    FileResult r = scan("metadata_non_string.safetensors");
    assertThat(Scans.ruleIds(r)).containsOnly("safetensors.header-anomaly");
    assertThat(Scans.worst(r)).isEqualTo(Severity.LOW);
  }

  @Test
  void hugeDeclaredHeaderIsNotAllocated() throws IOException {
    // 200 MB declared in a 68-byte file: reported without reading or allocating it.
    FileResult r = scan("huge_header_len.safetensors");
    assertThat(r.findings()).anyMatch(f -> f.evidence().equals("header length 200000000"));
    assertThat(Files.size(FIX.resolve("huge_header_len.safetensors"))).isLessThan(100);
  }

  @Test
  void aDefectRepeatedThousandsOfTimesGivesABoundedReport() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 5000; i++) json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F99\",\"shape\":[1],\"data_offsets\":[0,4]}");
    json.append('}');
    while (json.length() % 8 != 0) json.append(' ');
    byte[] h = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    FileResult r = Scans.bytes("many.safetensors", b.array());
    long malformed = r.findings().stream().filter(f -> f.ruleId().equals("safetensors.malformed-header")).count();
    assertThat(malformed).isEqualTo(51);
    assertThat(r.findings()).anyMatch(f -> f.message().startsWith("More findings of this kind"));
  }

  @Test
  void picklesNamedSafetensorsAreNotTakenForSafetensors() {
    byte[] pickle = {(byte) 0x80, 0x02, 'K', 0x01, '.'};
    FileResult r = Scans.bytes("model.safetensors", pickle);
    assertThat(r.format()).isNotEqualTo("safetensors");
  }

  @Test
  void realSafetensorsFromTheSharedCorpusAreClean() throws IOException {
    Path models = SharedCorpus.require("model-signing/models");
    List<Path> files;
    try (Stream<Path> s = Files.walk(models)) {
      files = s.filter(p -> p.toString().endsWith(".safetensors")).toList();
    }
    assertThat(files).as("safetensors files in the shared corpus").isNotEmpty();
    for (Path p : files) {
      FileResult r = Scans.file(p);
      assertThat(r.format()).as(p.toString()).isEqualTo("safetensors");
      assertThat(r.findings()).as(p.toString()).isEmpty();
    }
  }

  @Test
  void peerSafetensorsSamplesParseAndTheSafeOneIsBelowMedium() throws IOException {
    Path dir = SharedCorpus.require("peers/modelaudit/tests/assets/samples/safetensors");
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        FileResult r = Scans.file(p);
        assertThat(r.format()).as(p.toString()).isEqualTo("safetensors");
        assertThat(r.verdict()).as(p + " " + r.inconclusiveReason()).isNotEqualTo(Verdict.INCONCLUSIVE);
        if (p.getFileName().toString().equals("safe_model.safetensors"))
          assertThat(Scans.worst(r)).isLessThan(Severity.MEDIUM);
      }
    }
  }
}
