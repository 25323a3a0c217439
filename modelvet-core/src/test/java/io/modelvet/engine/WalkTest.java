package io.modelvet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.modelvet.ModelVet;
import io.modelvet.config.ScanConfig;
import io.modelvet.formats.text.EmptyFileScanner;
import io.modelvet.formats.text.TextScanner;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk step: what is scanned, what is reported as not scanned, and how paths are shown (issue 9). */
class WalkTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;

  private static ScanEngine engine(ScanOptions o) {
    return new ScanEngine(List.of(new TestScanners.Evil(), new TestScanners.Safe(), new TextScanner(), new EmptyFileScanner()), o);
  }

  private static ScanReport scan(ScanOptions o, Path... roots) throws IOException {
    return engine(o).scan(List.of(roots), null);
  }

  private static ScanReport scan(Path... roots) throws IOException {
    return scan(ScanOptions.defaults(), roots);
  }

  private static Path write(Path p, String content) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.ISO_8859_1);
    return p;
  }

  @Test
  void aFolderGivenAsASymbolicLinkIsFollowedAndTheTargetShown() throws IOException {
    write(elsewhere.resolve("models/evil.pkl"), "EVIL");
    write(elsewhere.resolve("models/sub/more.pkl"), "EVIL");
    Path link = Files.createSymbolicLink(dir.resolve("link"), elsewhere.resolve("models"));
    for (Path given : List.of(link, Path.of(link + "/"))) {
      ScanReport r = scan(given);
      assertThat(r.files()).extracting(FileResult::path).containsExactly(link + "/evil.pkl", link + "/sub/more.pkl");
      assertThat(r.files()).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.FINDINGS));
      assertThat(r.files().get(0).linkTarget()).isEqualTo(elsewhere.resolve("models/evil.pkl").toRealPath().toString());
      assertThat(r.exitCode(Severity.MEDIUM)).isEqualTo(1);
    }
  }

  @Test
  void linksInsideFoldersAreFollowedLoopsDetectedAndTargetsShown() throws IOException {
    write(elsewhere.resolve("blob"), "EVIL");
    write(elsewhere.resolve("shared/w.pkl"), "EVIL");
    write(dir.resolve("plain.txt"), "hello");
    Files.createSymbolicLink(dir.resolve("model.pkl"), elsewhere.resolve("blob"));
    Files.createSymbolicLink(dir.resolve("shared"), elsewhere.resolve("shared"));
    Files.createSymbolicLink(dir.resolve("loop"), dir);
    ScanReport r = scan(dir);
    FileResult file = byPath(r, dir + "/model.pkl");
    assertThat(file.verdict()).isEqualTo(Verdict.FINDINGS);
    assertThat(file.linkTarget()).isEqualTo(elsewhere.resolve("blob").toRealPath().toString());
    FileResult inLinkedFolder = byPath(r, dir + "/shared/w.pkl");
    assertThat(inLinkedFolder.verdict()).isEqualTo(Verdict.FINDINGS);
    assertThat(inLinkedFolder.linkTarget()).isEqualTo(elsewhere.resolve("shared/w.pkl").toRealPath().toString());
    assertThat(byPath(r, dir + "/plain.txt").linkTarget()).isNull();
    FileResult loop = byPath(r, dir + "/loop");
    assertThat(loop.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(loop.inconclusiveReason()).contains("loop").contains(dir.toRealPath().toString());
  }

  @Test
  void aBrokenLinkInAFolderIsInconclusive() throws IOException {
    Files.createSymbolicLink(dir.resolve("gone.pt"), elsewhere.resolve("missing.pt"));
    FileResult f = scan(dir).files().get(0);
    assertThat(f.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(f.inconclusiveReason()).contains("broken symbolic link").contains("missing.pt");
  }

  @Test
  void nothingScannedIsNeverAPass() throws IOException {
    ScanReport empty = scan(dir);
    assertThat(empty.files()).isEmpty();
    assertThat(empty.nothingScanned()).isTrue();
    assertThat(empty.exitCode(Severity.MEDIUM)).isEqualTo(3);

    write(dir.resolve("a.txt"), "hello");
    ScanReport excluded = scan(ScanOptions.defaults().withSelection(new FileSelection(List.of(), List.of("*.txt"), Set.of())), dir);
    assertThat(excluded.files()).isEmpty();
    assertThat(excluded.exitCode(Severity.MEDIUM)).isEqualTo(3);
  }

  @Test
  void aMissingPathIsAnError() {
    assertThatThrownBy(() -> scan(dir.resolve("nope"))).isInstanceOf(IOException.class).hasMessageContaining("no such file or folder");
  }

  @Test
  void anEmptyFileNamedLikeAModelIsInconclusive() throws IOException {
    write(dir.resolve("model.pt"), "");
    write(dir.resolve("weights.safetensors"), "");
    write(dir.resolve("__init__.py"), "");
    ScanReport r = scan(dir);
    assertThat(byPath(r, dir + "/model.pt").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(byPath(r, dir + "/model.pt").inconclusiveReason()).contains("empty file named like a model");
    assertThat(byPath(r, dir + "/weights.safetensors").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(byPath(r, dir + "/__init__.py").verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.exitCode(Severity.MEDIUM)).isEqualTo(3);
  }

  @Test
  void anUnreadableSubfolderIsInconclusiveAndTheScanGoesOn() throws IOException {
    assumeThat(System.getProperty("user.name")).as("root reads every folder; ScanCommandTest covers this case as an unprivileged user").isNotEqualTo("root");
    write(dir.resolve("ok.pkl"), "EVIL");
    Path locked = dir.resolve("locked");
    write(locked.resolve("hidden.pkl"), "EVIL");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      ScanReport r = scan(dir);
      assertThat(byPath(r, dir + "/ok.pkl").verdict()).isEqualTo(Verdict.FINDINGS);
      FileResult l = byPath(r, dir + "/locked");
      assertThat(l.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(l.inconclusiveReason()).contains("folder could not be read").contains("permission denied");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void pathsAreNormalisedOnceAtTheDoor() throws IOException {
    Path hf = dir.resolve("models/hf2");
    write(hf.resolve("config.json"), "{\"model_type\":\"x\",\"auto_map\":{\"AutoModel\":\"modeling_x.XModel\"}}");
    write(hf.resolve("modeling_x.py"), "import torch\nclass XModel(torch.nn.Module):\n    pass\n");
    Path cwd = Path.of("").toAbsolutePath();
    Path viaDotDot = cwd.relativize(dir.resolve("models/other/../hf2"));
    assertThat(viaDotDot.toString()).contains("..");
    ScanReport r = ModelVet.scanner().scan(viaDotDot);
    assertThat(r.files()).extracting(FileResult::path).allMatch(p -> !p.contains("other/.."));
    assertThat(r.files()).flatExtracting(FileResult::findings).extracting(x -> x.ruleId()).contains("hf.remote-code").doesNotContain("hf.remote-code-missing");
    assertThat(r.roots()).containsExactly(viaDotDot.normalize().toString());
  }

  @Test
  void includeAndExcludeGlobsScopeTheScan() throws IOException {
    write(dir.resolve("m/model.pkl"), "EVIL");
    write(dir.resolve("target/classes/A.class"), "EVIL");
    write(dir.resolve("notes.txt"), "hello");
    ScanReport excl = scan(ScanOptions.defaults().withSelection(new FileSelection(List.of(), List.of("target"), Set.of())), dir);
    assertThat(excl.files()).extracting(FileResult::path).containsExactly(dir + "/m/model.pkl", dir + "/notes.txt");
    ScanReport incl = scan(ScanOptions.defaults().withSelection(new FileSelection(List.of("*.pkl"), List.of(), Set.of())), dir);
    assertThat(incl.files()).extracting(FileResult::path).containsExactly(dir + "/m/model.pkl");
  }

  @Test
  void theConfigurationFileInUseIsNotScanned() throws IOException {
    Path cfg = write(dir.resolve(".modelvet.yaml"), "allow: []\n");
    write(dir.resolve("a.txt"), "hello");
    ScanReport r = scan(ScanOptions.defaults().withConfig(ScanConfig.empty()).withSelection(new FileSelection(List.of(), List.of(), Set.of(cfg))), dir);
    assertThat(r.files()).extracting(FileResult::path).containsExactly(dir + "/a.txt");
  }

  @Test
  void filesAndArchiveMembersAreCountedApart() throws IOException {
    ScanEngine e = new ScanEngine(List.of(new TestScanners.Box(), new TestScanners.Evil(), new TextScanner()), ScanOptions.defaults());
    write(dir.resolve("outer.box"), "BOX|EVIL|EVIL");
    ScanReport r = e.scan(List.of(dir), null);
    assertThat(r.fileCount()).isEqualTo(1);
    assertThat(r.memberCount()).isEqualTo(r.files().size() - 1).isPositive();
  }

  private static FileResult byPath(ScanReport r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path + " not in " + r.files().stream().map(FileResult::path).toList()));
  }
}
