package io.modelvet.formats.torchserve;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TorchServe .mar archives (torch.save weights written by python3-torch). */
class MarArchiveTest {
  private static List<FileResult> scan(String name) {
    return Scans.all(Scans.fixture("formats/torchserve/" + name));
  }

  private static FileResult member(List<FileResult> all, String suffix) {
    return all.stream().filter(r -> r.path().endsWith(suffix)).findFirst().orElseThrow(() -> new AssertionError(suffix));
  }

  @Test
  void benignArchiveHasNothingAboveLow() {
    List<FileResult> all = scan("benign.mar");
    assertThat(all.get(0).format()).isEqualTo("torchserve-mar");
    assertThat(member(all, "MANIFEST.json").format()).isEqualTo("torchserve-manifest");
    assertThat(member(all, "MANIFEST.json").findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("torchserve.custom-code");
      assertThat(f.severity()).isEqualTo(Severity.LOW);
    });
    assertThat(all).allSatisfy(r -> assertThat(r.worst() == null || !r.worst().atLeast(Severity.MEDIUM)).as(r.path()).isTrue());
  }

  @ParameterizedTest
  @CsvSource({
    "handler.py, hf.python-import-time-call, CRITICAL",
    "requirements.txt, pyenv.direct-reference, MEDIUM",
    "extra.pkl, pickle.denied-callable, CRITICAL",
    "MANIFEST.json, torchserve.custom-code, LOW"
  })
  void everyMemberOfAMaliciousArchiveGoesThroughItsScanner(String suffix, String rule, Severity severity) {
    FileResult r = member(scan("malicious.mar"), suffix);
    assertThat(r.findings()).as(r.findings().toString()).anyMatch(f -> f.ruleId().equals(rule) && f.severity() == severity);
  }

  @Test
  void manifestPathsLeavingTheArchiveAreHigh() {
    String m = "{\"runtime\": \"python\", \"model\": {\"modelName\": \"x\", \"handler\": \"../../srv/h.py\", \"serializedFile\": \"/etc/passwd\"}, \"archiverVersion\": \"0.9.0\"}";
    FileResult r = Scans.bytes("MANIFEST.json", m.getBytes(StandardCharsets.UTF_8));
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("torchserve.path-escape")).hasSize(2).allMatch(f -> f.severity() == Severity.HIGH);
  }

  @Property(tries = 200)
  void mutatedArchivesStayBounded(@ForAll("mars") byte[] b) {
    HostileScan.check("m.mar", b);
  }

  @Provide
  Arbitrary<byte[]> mars() throws IOException {
    return Mutations.of(Files.readAllBytes(Scans.fixture("formats/torchserve/malicious.mar")), 4);
  }
}
