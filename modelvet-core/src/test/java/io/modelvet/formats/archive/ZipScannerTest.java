package io.modelvet.formats.archive;

import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.finding;
import static io.modelvet.testutil.Scans.fixture;
import static io.modelvet.testutil.Scans.members;
import static io.modelvet.testutil.Scans.result;
import static io.modelvet.testutil.Scans.ruleIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Budgets;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipScannerTest {

  @Test
  void stateDictWrittenByTorchSaveIsAPytorchZipAndClean() {
    List<FileResult> rs = members(fixture("containers/state_dict_archive.pth"));
    assertThat(rs.get(0).format()).isEqualTo("pytorch-zip");
    assertThat(rs).extracting(FileResult::path).contains("state_dict_archive.pth!/archive/data.pkl");
    assertThat(rs).as(describe(rs)).allSatisfy(r -> {
      assertThat(r.findings()).isEmpty();
      assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    });
  }

  @Test
  void torchSaveZipDispatchesPicklesAndSkipsStorages() {
    List<FileResult> rs = members(fixture("containers/state_dict.pt"));
    FileResult zip = result(rs, "state_dict.pt");
    assertThat(zip.format()).isEqualTo("pytorch-zip");
    assertThat(zip.findings()).as(describe(rs)).isEmpty();
    assertThat(rs).extracting(FileResult::path).containsExactly(
        "state_dict.pt", "state_dict.pt!/state_dict/data.pkl", "state_dict.pt!/state_dict/version");
    assertThat(result(rs, "state_dict.pt!/state_dict/version").format()).isEqualTo("text");
  }

  @Test
  void anyTopLevelFolderNameIsAccepted() throws IOException {
    byte[] zip = Containers.zip("my.model-v2/data.pkl", new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'}, "my.model-v2/data/0", new byte[4096], "my.model-v2/version", "3\n".getBytes());
    List<FileResult> rs = Scans.members("weights.pth", zip);
    assertThat(result(rs, "weights.pth").format()).isEqualTo("pytorch-zip");
    assertThat(rs).extracting(FileResult::path).contains("weights.pth!/my.model-v2/data.pkl").doesNotContain("weights.pth!/my.model-v2/data/0");
  }

  @Test
  void torchScriptArchiveIsReportedWithItsCodeFiles() {
    for (String name : List.of("tiny_torchscript.pt", "tiny_traced.pt")) {
      List<FileResult> rs = members(fixture("containers/" + name));
      FileResult ts = rs.get(0);
      assertThat(ts.format()).isEqualTo("torchscript");
      Finding f = finding(ts, "pytorch.torchscript").orElseThrow();
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.message()).contains("CVE-2025-32434").contains("call only torch builtins");
      assertThat(f.evidence()).contains("constants.pkl").contains("code/__torch__");
      assertThat(ruleIds(ts)).doesNotContain("pytorch.torchscript-code");
      assertThat(rs).extracting(FileResult::path).anyMatch(p -> p.endsWith("/constants.pkl")).anyMatch(p -> p.endsWith(".debug_pkl"));
      assertThat(rs).extracting(FileResult::path).noneMatch(p -> p.matches(".*/(data|constants)/\\d+$"));
    }
  }

  @Test
  void namesInsideStringLiteralsOfTorchScriptAreNotCalls() {
    // torch.nn.functional.dropout compiles to code raising "builtins.ValueError": a string, not a call
    List<FileResult> rs = members(fixture("containers/torchscript_dropout.pt"));
    FileResult ts = rs.get(0);
    assertThat(ruleIds(ts)).doesNotContain("pytorch.torchscript-code");
    assertThat(finding(ts, "pytorch.torchscript").orElseThrow().severity()).isEqualTo(Severity.LOW);
    assertThat(ts.worst()).isEqualTo(Severity.LOW);
  }

  @Test
  void torchScriptCallingOutsideTorchAndTheArchiveIsHigh() {
    FileResult ts = members(fixture("containers/torchscript_foreign_call.pt")).get(0);
    Finding call = finding(ts, "pytorch.torchscript-code").orElseThrow();
    assertThat(call.severity()).isEqualTo(Severity.HIGH);
    assertThat(call.message()).contains("call of helpers.fetch_weights");
    assertThat(call.evidence()).contains("helpers.fetch_weights(\"https://example.invalid/w\")");
    assertThat(finding(ts, "pytorch.torchscript").orElseThrow().message()).contains("1 line(s) of its code call something else");
  }

  @Test
  void injectedTorchScriptCodeIsHigh() {
    FileResult ts = members(fixture("containers/torchscript_injected.pt")).get(0);
    List<Finding> code = ts.findings().stream().filter(f -> f.ruleId().equals("pytorch.torchscript-code")).toList();
    assertThat(code).allMatch(f -> f.severity() == Severity.HIGH);
    assertThat(code).extracting(Finding::evidence).anyMatch(e -> e.contains("os.system(\"echo pwned\")")).anyMatch(e -> e.contains("ops.evil_ns.run_payload"));
    assertThat(code).extracting(Finding::message).anyMatch(m -> m.contains("evil_ns"));
  }

  @Test
  void npzMembersAreNumpyAndCompressedPlainArraysAreNotDispatched() {
    List<FileResult> stored = members(fixture("containers/arrays.npz"));
    assertThat(stored.get(0).format()).isEqualTo("npz");
    assertThat(stored).extracting(FileResult::format).containsExactly("npz", "numpy", "numpy");
    assertThat(stored).allMatch(r -> r.verdict() == Verdict.CLEAN, describe(stored));

    List<FileResult> compressed = members(fixture("containers/arrays_compressed.npz"));
    assertThat(compressed).hasSize(1);
    assertThat(compressed.get(0).verdict()).as(describe(compressed)).isEqualTo(Verdict.CLEAN);

    List<FileResult> objects = members(fixture("containers/objects_compressed.npz"));
    assertThat(result(objects, "objects_compressed.npz!/a.npy").findings()).extracting(Finding::ruleId).containsExactly("numpy.object-array");
    assertThat(objects).extracting(FileResult::path).contains("objects_compressed.npz!/a.npy!/array.pkl");
  }

  @Test
  void memberWithUnexpectedNameIsStillDispatched() {
    List<FileResult> rs = members(fixture("containers/wrong_ext.zip"));
    assertThat(rs).extracting(FileResult::path).contains("wrong_ext.zip!/data.txt", "wrong_ext.zip!/readme.md");
  }

  @Test
  void escapingNamesAreHigh() {
    FileResult z = members(fixture("containers/slip.zip")).get(0);
    List<Finding> slips = z.findings().stream().filter(f -> f.ruleId().equals("archive.path-traversal")).toList();
    assertThat(slips).hasSize(3).allMatch(f -> f.severity() == Severity.HIGH);
    assertThat(slips).extracting(Finding::evidence).containsExactlyInAnyOrder("../evil.txt", "/abs.txt", "C:/win.txt");
    assertThat(finding(z, "archive.suspicious-name").orElseThrow().evidence()).isEqualTo("dir\\back.txt");
  }

  @Test
  void duplicateNamesAreReportedAndBothCopiesScanned() {
    List<FileResult> rs = members(fixture("containers/duplicate.zip"));
    assertThat(ruleIds(rs.get(0))).containsExactly("archive.duplicate-name");
    assertThat(rs).extracting(FileResult::path).filteredOn(p -> p.endsWith("!/weights.pkl")).hasSize(2);
  }

  @Test
  void symlinksAreReportedNotFollowed() {
    List<FileResult> rs = members(fixture("containers/symlink.zip"));
    List<Finding> links = rs.get(0).findings().stream().filter(f -> f.ruleId().equals("archive.link")).toList();
    assertThat(links).extracting(Finding::evidence).containsExactlyInAnyOrder("evil_link -> /etc/passwd", "inner_link -> data/file.txt");
    assertThat(links).filteredOn(f -> f.evidence().startsWith("evil")).allMatch(f -> f.severity() == Severity.HIGH);
    assertThat(links).filteredOn(f -> f.evidence().startsWith("inner")).allMatch(f -> f.severity() == Severity.MEDIUM);
    assertThat(rs).extracting(FileResult::path).containsExactly("symlink.zip", "symlink.zip!/data/file.txt");
  }

  @Test
  void bombMemberIsStoppedAndTheRestStillScanned() {
    List<FileResult> rs = members(fixture("containers/bomb.zip"));
    FileResult z = rs.get(0);
    assertThat(z.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(finding(z, "archive.bomb").orElseThrow().severity()).isEqualTo(Severity.HIGH);
    assertThat(result(rs, "bomb.zip!/after.txt").verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(rs).extracting(FileResult::path).doesNotContain("bomb.zip!/zeros.bin");
  }

  @Test
  void nestingStopsAtTheDepthBudget() {
    List<FileResult> rs = members(fixture("containers/nested20.zip"));
    int maxDepth = Budgets.defaults().maxDepth();
    assertThat(rs).hasSize(maxDepth + 1);
    assertThat(rs.get(rs.size() - 1).inconclusiveReason()).contains("nesting deeper than " + maxDepth);
  }

  @Test
  void flagBitTricksAreReadAsPlainAndReported() {
    for (String name : List.of("flag_0x1.zip", "flag_0x20.zip", "flag_0x40.zip")) {
      List<FileResult> rs = members(fixture("containers/" + name));
      assertThat(finding(rs.get(0), "archive.flag-anomaly").orElseThrow().severity()).isEqualTo(Severity.MEDIUM);
      assertThat(rs.get(0).verdict()).isEqualTo(Verdict.FINDINGS);
      assertThat(rs).extracting(FileResult::path).contains(name + "!/model/config.pkl");
    }
  }

  @Test
  void crcAndNameMismatchesAreReportedAndTheMemberScanned() {
    List<FileResult> crc = members(fixture("containers/crc.zip"));
    assertThat(finding(crc.get(0), "archive.crc-mismatch").orElseThrow().evidence()).startsWith("declared deadbeef");
    assertThat(crc).extracting(FileResult::path).contains("crc.zip!/data.pkl");

    List<FileResult> names = members(fixture("containers/name_mismatch.zip"));
    Finding f = finding(names.get(0), "archive.name-mismatch").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("central: data.pkl / local: data.txt");
    assertThat(names).extracting(FileResult::path).contains("name_mismatch.zip!/data.pkl");
  }

  @Test
  void oneCorruptEntryDoesNotHideTheOthers() {
    List<FileResult> rs = members(fixture("containers/corrupt_first_entry.zip"));
    FileResult z = rs.get(0);
    assertThat(z.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(z.inconclusiveReason()).contains("broken.bin");
    assertThat(ruleIds(z)).contains("archive.malformed");
    assertThat(rs).extracting(FileResult::path).contains("corrupt_first_entry.zip!/archive/data.pkl");
  }

  @Test
  void encryptedMembersAreInconclusiveNotClean() {
    List<FileResult> rs = members(fixture("containers/encrypted.zip"));
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(finding(rs.get(0), "archive.encrypted").orElseThrow().severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void deflatedMemberWithAFalseEncryptionFlagIsReadAndReported() throws IOException {
    byte[] zip = Containers.zip("model/config.txt", "plain text, not encrypted\n".getBytes());
    zip[6] |= 1;
    int cd = indexOf(zip, new byte[] {'P', 'K', 1, 2});
    zip[cd + 8] |= 1;
    List<FileResult> rs = Scans.members("f.zip", zip);
    assertThat(ruleIds(rs.get(0))).as(describe(rs)).containsExactly("archive.flag-anomaly");
    assertThat(result(rs, "f.zip!/model/config.txt").verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void falseEncryptionFlagAndBadCrcTogetherStillGetTheMemberScanned() throws IOException {
    Path p = Files.createTempFile("flagcrc", ".zip");
    try {
      try (StoredZipWriter w = new StoredZipWriter(new RandomAccessFile(p.toFile(), "rw"), false)) {
        w.add("model/notes.txt", "plain text\n".getBytes(StandardCharsets.US_ASCII));
        w.finish();
      }
      byte[] zip = Files.readAllBytes(p);
      zip[6] |= 1; // encrypted flag, local header
      zip[14] ^= 0x55; // CRC, local header
      int cd = indexOf(zip, new byte[] {'P', 'K', 1, 2});
      zip[cd + 8] |= 1;
      zip[cd + 16] ^= 0x55;
      List<FileResult> rs = Scans.members("fc.zip", zip);
      assertThat(ruleIds(rs.get(0))).containsExactlyInAnyOrder("archive.flag-anomaly", "archive.crc-mismatch");
      assertThat(result(rs, "fc.zip!/model/notes.txt").verdict()).isEqualTo(Verdict.CLEAN);
    } finally {
      Files.deleteIfExists(p);
    }
  }

  @Test
  void entriesSharingBytesAreReported() throws IOException {
    Path p = Files.createTempFile("overlap", ".zip");
    try {
      try (StoredZipWriter w = new StoredZipWriter(new RandomAccessFile(p.toFile(), "rw"), false)) {
        w.add("a.txt", "same bytes\n".getBytes(StandardCharsets.US_ASCII));
        w.add("b.txt", "other bytes\n".getBytes(StandardCharsets.US_ASCII));
        w.finish();
      }
      byte[] zip = Files.readAllBytes(p);
      int first = indexOf(zip, new byte[] {'P', 'K', 1, 2});
      int second = first + 46 + 5;
      for (int i = 0; i < 4; i++) zip[second + 42 + i] = 0; // b.txt now points at a.txt's local header
      List<FileResult> rs = Scans.members("o.zip", zip);
      assertThat(finding(rs.get(0), "archive.overlap").orElseThrow().severity()).isEqualTo(Severity.HIGH);
      assertThat(ruleIds(rs.get(0))).contains("archive.name-mismatch");
    } finally {
      Files.deleteIfExists(p);
    }
  }

  @Test
  void nativeExecutableMemberIsReported() throws IOException {
    byte[] elf = new byte[128];
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    List<FileResult> rs = Scans.members("m.zip", Containers.zip("archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'}, "archive/extra/helper", elf));
    Finding f = finding(rs.get(0), "general.embedded-executable").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.evidence()).isEqualTo("archive/extra/helper");
  }

  @Test
  void kerasV3LayoutIsRefinedAndMembersScanned() throws IOException {
    byte[] zip = Containers.zip("config.json", "{}".getBytes(), "metadata.json", "{}".getBytes(), "model.weights.h5", new byte[] {1, 2, 3});
    List<FileResult> rs = Scans.members("m.keras", zip);
    assertThat(rs.get(0).format()).isEqualTo("keras-v3");
    assertThat(rs).extracting(FileResult::path).contains("m.keras!/config.json", "m.keras!/model.weights.h5");
  }

  @Test
  void entryBudgetMakesTheArchiveInconclusive() throws IOException {
    byte[] zip = Containers.zip("a.txt", "a\n".getBytes(), "b.txt", "b\n".getBytes(), "c.txt", "c\n".getBytes());
    Budgets b = Budgets.defaults();
    Budgets two = new Budgets(b.maxDepth(), 2, b.maxExpandedBytes(), b.maxExpansionRatio(), b.maxInMemoryMember(), b.maxPickleOps(), b.maxPickleStack(), b.maxPickleMemo(), b.maxPickleNesting(), b.maxOperandBytes(), b.perFileTimeout());
    List<FileResult> rs = Scans.members(two, "many.zip", zip);
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(rs).hasSize(3);
  }

  @Test
  void zip64RecordsAreHonoured(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("z64.pt");
    try (StoredZipWriter w = new StoredZipWriter(new RandomAccessFile(p.toFile(), "rw"), true)) {
      w.add("archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
      w.addZeros("archive/data/0", 1 << 20);
      w.add("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      w.finish();
    }
    List<FileResult> rs = members(p);
    assertThat(rs.get(0).format()).isEqualTo("pytorch-zip");
    assertThat(rs.get(0).findings()).as(describe(rs)).isEmpty();
    assertThat(result(rs, "z64.pt!/archive/version").verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(Files.size(p)).isGreaterThan(1 << 20);
  }

  @Test
  void truncatedZipIsInconclusive() throws IOException {
    byte[] zip = Containers.zip("a.txt", "hello\n".getBytes());
    byte[] cut = java.util.Arrays.copyOf(zip, zip.length - 30);
    List<FileResult> rs = Scans.members("cut.zip", cut);
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
