package io.modelvet.formats.keras;

import static io.modelvet.formats.keras.KerasFixtures.fixture;
import static io.modelvet.formats.keras.KerasFixtures.scanBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path a {@code .keras} archive takes once the zip scanner dispatches its members by content:
 * each member is scanned on its own (here read with java.util.zip in the test only) and the member
 * names go to {@link KerasArchiveCheck}.
 */
class KerasV3ArchiveTest {

  /** Scans the whole archive through the engine; its members' results by member name. */
  private static Map<String, FileResult> scanMembers(String archive) {
    Map<String, FileResult> out = new LinkedHashMap<>();
    String prefix = archive + "!/";
    for (FileResult r : Scans.members(fixture("v3/" + archive)))
      if (r.path().startsWith(prefix)) out.put(r.path().substring(prefix.length()), r);
    return out;
  }

  @Test
  void benignArchiveMembersAreRecognisedByContentAndClean() throws Exception {
    Map<String, FileResult> m = scanMembers("benign_v3.keras");
    assertThat(m.get("config.json").format()).isEqualTo("keras-config");
    assertThat(m.get("metadata.json").format()).isEqualTo("keras-metadata");
    assertThat(m.get("model.weights.h5").format()).isEqualTo("hdf5");
    assertThat(m.values()).allSatisfy(r -> assertThat(r.verdict()).as(r.path()).isEqualTo(Verdict.CLEAN));
  }

  @ParameterizedTest
  @CsvSource({
    "cve_2025_1550_exec.keras, keras.dangerous-function, CRITICAL",
    "untrusted_module.keras, keras.untrusted-module, HIGH",
    "get_file_gadget.keras, keras.gadget, HIGH",
    "unsafe_deserialization_lambda.keras, keras.lambda-dangerous-code, CRITICAL",
    "torch_module_wrapper.keras, keras.gadget, HIGH",
    "stringlookup_path.keras, keras.vocabulary-path, HIGH"
  })
  void maliciousArchivesAreCaughtInTheirConfigMember(String archive, String rule, Severity severity) throws Exception {
    FileResult config = scanMembers(archive).get("config.json");
    List<Finding> hits = config.findings().stream().filter(f -> f.ruleId().equals(rule)).toList();
    assertThat(hits).as(config.findings().toString()).isNotEmpty().allMatch(f -> f.severity() == severity);
  }

  @Test
  void extraPythonMemberIsRecognisedAndDangerousByContent() throws Exception {
    Map<String, FileResult> m = scanMembers("extra_member.keras");
    assertThat(m.get("payload.py").format()).isEqualTo("python");
    assertThat(m.get("payload.py").worst()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void hdf5MemberHeldInMemoryIsAnalysedLikeAFile() throws Exception {
    byte[] b = Files.readAllBytes(fixture("h5/malicious_lambda.h5"));
    FileResult r = scanBytes("bundle.zip!/model.h5", b).get(0);
    assertThat(r.format()).isEqualTo("keras-h5");
    assertThat(r.worst()).isEqualTo(Severity.CRITICAL);
  }
}
