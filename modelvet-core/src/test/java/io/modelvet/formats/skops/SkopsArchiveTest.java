package io.modelvet.formats.skops;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** skops archives: schema.json through the schema scanner, arrays through the NumPy scanner. */
class SkopsArchiveTest {
  private static List<FileResult> scan(String name) {
    return Scans.all(Scans.fixture("formats/skops/" + name));
  }

  private static FileResult schema(List<FileResult> all) {
    return all.stream().filter(r -> r.path().endsWith("schema.json")).findFirst().orElseThrow();
  }

  @Test
  void fittedLogisticRegressionIsClean() {
    List<FileResult> all = scan("benign.skops");
    assertThat(all.get(0).format()).isEqualTo("skops");
    assertThat(schema(all).format()).isEqualTo("skops-schema");
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
  }

  @ParameterizedTest
  @CsvSource({
    "skops.dangerous-callable, CRITICAL, builtins.eval",
    "skops.operator, HIGH, operator.attrgetter",
    "skops.untrusted-type, LOW, evil_plugins.helpers.Helper"
  })
  void untrustedNodesAreReportedLikeGetUntrustedTypes(String rule, Severity severity, String evidence) {
    FileResult r = schema(scan("malicious.skops"));
    assertThat(r.findings()).as(r.findings().toString()).anyMatch(f -> f.ruleId().equals(rule) && f.severity() == severity && f.evidence().equals(evidence));
  }

  @Test
  void anUntrustedFunctionNodeIsMediumAndAUserClassLow() {
    String schema = "{\"__class__\": \"function\", \"__module__\": \"builtins\", \"__loader__\": \"FunctionNode\", \"protocol\": 2, \"_skops_version\": \"0.9.0\","
        + " \"content\": {\"module_path\": \"numpy\", \"function\": \"log1p\"}}";
    FileResult r = Scans.bytes("schema.json", schema.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("skops.untrusted-type");
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.evidence()).isEqualTo("numpy.log1p (FunctionNode)");
    });
  }

  @Property(tries = 200)
  void mutatedArchivesStayBounded(@ForAll("archives") byte[] b) {
    HostileScan.check("m.skops", b);
  }

  @Provide
  Arbitrary<byte[]> archives() throws IOException {
    return Mutations.of(Files.readAllBytes(Scans.fixture("formats/skops/malicious.skops")), 4);
  }
}
