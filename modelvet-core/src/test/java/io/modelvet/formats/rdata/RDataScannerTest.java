package io.modelvet.formats.rdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** R files written by Debian's r-base-core (fixtures/generators/formats/gen_r.R). */
class RDataScannerTest {
  private static List<FileResult> scan(String name) {
    return Scans.all(Scans.fixture("formats/r/" + name));
  }

  private static FileResult rResult(List<FileResult> all) {
    return all.stream().filter(r -> r.format().startsWith("r-")).findFirst().orElseThrow(() -> new AssertionError("no R stream in " + all));
  }

  @ParameterizedTest
  @ValueSource(strings = {"data_frame.rds", "data_frame_ascii.rds", "data_frame_xz.rds", "data_frame_bz2.rds", "lm_model.rds", "workspace.RData", "workspace_ascii.RData"})
  void dataFramesLinearModelsAndWorkspacesAreClean(String name) {
    List<FileResult> all = scan(name);
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
    assertThat(rResult(all).format()).startsWith(name.endsWith(".RData") ? "r-rdata" : "r-rds");
  }

  @Test
  void glmFamilyFunctionsAreListedAtLowOnly() {
    FileResult r = rResult(scan("glm_model.rds"));
    assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
    assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("rdata.closure");
    assertThat(r.worst()).isEqualTo(Severity.LOW);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "promise_env.rds | rdata.promise | CRITICAL | system(\"echo pwned\")",
    "promise_env.rds | rdata.dangerous-call | CRITICAL | system(\"echo pwned\")",
    "promise_toplevel.rds | rdata.promise | CRITICAL | system(\"echo pwned\")",
    "closure_system.rds | rdata.dangerous-call | HIGH | system(paste(\"echo\", cmd))",
    "closure_system.rds | rdata.closure | LOW | 1 closure(s)"
  })
  void codeInTheStreamIsReportedWithWhatWouldRun(String name, String rule, Severity severity, String evidence) {
    FileResult r = rResult(scan(name));
    assertThat(r.findings()).as(r.findings().toString())
        .anyMatch(f -> f.ruleId().equals(rule) && f.severity() == severity && evidence.equals(f.evidence()));
  }

  @Test
  void anAsciiPromiseIsFoundLikeABinaryOne() {
    String stream = "A\n2\n263169\n197888\n"
        + "1029\n253\n252\n6\n1\n262153\n6\nsystem\n2\n16\n1\n262153\n2\nid\n254\n";
    FileResult r = Scans.bytes("p.rds", stream.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(r.format()).isEqualTo("r-rds-ascii");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("rdata.promise") && f.severity() == Severity.CRITICAL && f.evidence().equals("system(\"id\")"));
  }

  @Test
  void aQualifiedCallInAStoredExpressionIsMedium() {
    // quote(base::system("id")) written with saveRDS(ascii = TRUE)
    String stream = "A\n2\n263169\n197888\n"
        + "6\n6\n1\n262153\n2\n::\n2\n1\n262153\n4\nbase\n2\n1\n262153\n6\nsystem\n254\n"
        + "2\n16\n1\n262153\n2\nid\n254\n";
    FileResult r = Scans.bytes("q.rds", stream.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("rdata.dangerous-call") && f.severity() == Severity.MEDIUM && f.evidence().startsWith("base::system("));
  }
}
