package io.modelvet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.config.ScanConfig;
import io.modelvet.formats.text.EmptyFileScanner;
import io.modelvet.formats.text.TextScanner;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanEngineTest {
  @TempDir Path dir;

  private static ScanEngine engine(ScanOptions o) {
    return new ScanEngine(
        List.of(new TestScanners.Evil(), new TestScanners.Safe(), new TestScanners.Box(), new TestScanners.Boom(),
            new TestScanners.Deep(), new TextScanner(), new EmptyFileScanner()), o);
  }

  private static ScanEngine engine() {
    return engine(ScanOptions.defaults());
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.ISO_8859_1);
    return p;
  }

  @Test
  void picksScannerByContentNotByName() throws IOException {
    write("model.safe", "EVIL payload");
    ScanReport r = engine().scan(List.of(dir), null);
    FileResult f = r.files().get(0);
    assertThat(f.format()).isEqualTo("evil");
    assertThat(f.verdict()).isEqualTo(Verdict.FINDINGS);
    assertThat(f.findings()).extracting(x -> x.ruleId()).contains("general.embedded-executable", "general.extension-mismatch");
    // code-on-load content behind a safe format's extension is a high-severity disguise
    assertThat(f.findings()).filteredOn(x -> x.ruleId().equals("general.extension-mismatch")).allMatch(x -> x.severity() == Severity.HIGH);
  }

  @Test
  void harmlessMismatchIsLow() throws IOException {
    write("weights.evil", "SAFE data");
    FileResult f = engine().scan(List.of(dir), null).files().get(0);
    assertThat(f.findings()).singleElement().satisfies(x -> {
      assertThat(x.ruleId()).isEqualTo("general.extension-mismatch");
      assertThat(x.severity()).isEqualTo(Severity.LOW);
    });
  }

  @Test
  void unknownBinaryIsInconclusiveNeverClean() throws IOException {
    Path p = dir.resolve("blob.bin");
    Files.write(p, new byte[] {0, 1, 2, 3, (byte) 0xff});
    ScanReport r = engine().scan(List.of(p), null);
    assertThat(r.files().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.files().get(0).inconclusiveReason()).contains("not recognised");
    assertThat(r.exitCode(Severity.MEDIUM)).isEqualTo(3);
  }

  @Test
  void scannerFailureBecomesInconclusiveAndScanGoesOn() throws IOException {
    write("a.bin", "BOOM");
    write("b.bin", "EVIL");
    ScanReport r = engine().scan(List.of(dir), null);
    assertThat(r.files()).extracting(FileResult::verdict).containsExactly(Verdict.INCONCLUSIVE, Verdict.FINDINGS);
    assertThat(r.files().get(0).inconclusiveReason()).contains("parser bug");
    assertThat(r.exitCode(Severity.MEDIUM)).isEqualTo(1);
  }

  @Test
  void membersAreListedAfterTheirContainerWithBangPaths() throws IOException {
    write("box.bin", "BOXSAFE x|EVIL y|hello text");
    ScanReport r = engine().scan(List.of(dir), null);
    assertThat(r.files()).extracting(FileResult::path).containsExactly(
        dir + "/box.bin", dir + "/box.bin!/m0", dir + "/box.bin!/m1", dir + "/box.bin!/m2");
    assertThat(r.files()).extracting(FileResult::format).containsExactly("box", "safe", "evil", "text");
  }

  @Test
  void depthBudgetStopsEndlessRecursion() throws IOException {
    write("d.bin", "DEEP");
    ScanReport r = engine().scan(List.of(dir), null);
    assertThat(r.files()).hasSizeLessThanOrEqualTo(Budgets.defaults().maxDepth() + 2);
    assertThat(r.files()).anyMatch(f -> f.verdict() == Verdict.INCONCLUSIVE && f.inconclusiveReason().contains("nesting deeper"));
  }

  @Test
  void severityOverrideAndSuppressionAreAppliedAndVisible() throws IOException {
    write("keep/x.bin", "EVIL");
    write("vendor/y.bin", "EVIL");
    ScanConfig cfg = new ScanConfig(List.of(),
        List.of(new ScanConfig.Suppress("general.embedded-executable", List.of("vendor/**"), "vendored test payloads")),
        List.of(new ScanConfig.Override("general.embedded-executable", Severity.LOW, List.of("keep/**"), "reviewed")));
    ScanReport r = engine(ScanOptions.defaults().withConfig(cfg)).scan(List.of(dir), null);
    FileResult keep = r.files().get(0);
    FileResult vendor = r.files().get(1);
    assertThat(keep.findings()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.note()).contains("reviewed");
    });
    assertThat(vendor.findings()).isEmpty();
    assertThat(vendor.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(vendor.suppressed()).singleElement().satisfies(s -> assertThat(s.reason()).contains("vendored test payloads"));
    assertThat(r.exitCode(Severity.MEDIUM)).isZero();
    assertThat(r.suppressedCount()).isEqualTo(1);
  }

  @Test
  void aSuppressionGlobForTheOuterFileCoversItsMembers() throws IOException {
    write("scripted.pt", "BOX|EVIL|EVIL");
    for (String glob : List.of("scripted.pt", "scripted.pt!/**", "scripted.pt/**", "**/scripted.pt")) {
      ScanConfig cfg = new ScanConfig(List.of(), List.of(new ScanConfig.Suppress("general.embedded-executable", List.of(glob), "vendored")), List.of());
      ScanReport r = engine(ScanOptions.defaults().withConfig(cfg)).scan(List.of(dir), null);
      assertThat(r.files()).as(glob).hasSize(3);
      assertThat(r.files()).as(glob).allSatisfy(f -> assertThat(f.findings()).isEmpty());
      assertThat(r.suppressedCount()).as(glob).isEqualTo(2);
    }
    ScanConfig other = new ScanConfig(List.of(), List.of(new ScanConfig.Suppress("general.embedded-executable", List.of("other.pt"), "x")), List.of());
    assertThat(engine(ScanOptions.defaults().withConfig(other)).scan(List.of(dir), null).suppressedCount()).isZero();
  }

  @Test
  void orderIsDeterministicWhateverThePoolSize() throws IOException {
    for (int i = 0; i < 40; i++) write("f" + (i % 7) + "/n" + i + ".bin", i % 3 == 0 ? "EVIL" : "SAFE");
    ScanReport one = engine(ScanOptions.defaults().withThreads(1)).scan(List.of(dir), null);
    ScanReport four = engine(ScanOptions.defaults().withThreads(4)).scan(List.of(dir), null);
    assertThat(four.files()).extracting(FileResult::path).containsExactlyElementsOf(one.files().stream().map(FileResult::path).toList());
    assertThat(one.files()).extracting(FileResult::path).isSorted();
  }

  @Test
  void gitFoldersAreSkippedAndLinkLoopsReported() throws IOException {
    write(".git/objects/ab", "EVIL");
    write("model/readme.txt", "hello");
    Files.createSymbolicLink(dir.resolve("loop"), dir);
    ScanReport r = engine().scan(List.of(dir), null);
    assertThat(r.files()).extracting(FileResult::path).noneMatch(p -> p.contains(".git"));
    assertThat(r.files()).anyMatch(f -> f.path().endsWith("/loop") && f.verdict() == Verdict.INCONCLUSIVE);
  }

  @Test
  void emptyAndTextFilesAreClean() throws IOException {
    write("e.txt", "");
    write("notes.md", "# Model card\nNothing to run here.\n");
    ScanReport r = engine().scan(List.of(dir), null);
    assertThat(r.files()).allMatch(f -> f.verdict() == Verdict.CLEAN);
    assertThat(r.exitCode(Severity.MEDIUM)).isZero();
  }

  @Test
  void bytesCanBeScannedWithoutAFile() {
    List<FileResult> rs = engine().scan("upload", new ArrayByteSource("EVIL".getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(rs).singleElement().satisfies(f -> assertThat(f.worst()).isEqualTo(Severity.CRITICAL));
  }
}
