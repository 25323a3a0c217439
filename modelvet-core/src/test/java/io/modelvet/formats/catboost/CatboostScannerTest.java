package io.modelvet.formats.catboost;

import static io.modelvet.testutil.FindingAssert.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatboostScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/catboost");

  @ParameterizedTest
  @CsvSource({"benign.cbm", "benign_ctr_part.cbm"})
  void consistentModelsAreClean(String name) {
    FileResult r = Scans.file(DIR.resolve(name));
    assertThat(r.format()).isEqualTo("catboost");
    assertThat(r.verdict()).as(r.findings() + " " + r.inconclusiveReason()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bad_leaf_count.cbm | 5 leaf values for 6 leaves of dimension 1",
      "bad_split.cbm      | split 1 uses binary feature 99 but the model has 3",
      "bad_step.cbm       | step node 0 of tree 0 jumps 7 nodes, past the end of its tree",
      "bad_core.cbm       | model core of 1073741824 bytes does not fit in the 840-byte file"})
  void inconsistentStructureIsMediumWithTheReason(String name, String evidence) {
    assertThat(only(Scans.file(DIR.resolve(name)), "catboost.malformed", Severity.MEDIUM).evidence()).isEqualTo(evidence);
  }

  @Test
  void codeInTheInfoMapIsReported() {
    FileResult r = Scans.file(DIR.resolve("payload_info.cbm"));
    assertThat(Scans.worst(r)).isGreaterThanOrEqualTo(Severity.MEDIUM);
    assertThat(r.findings()).allMatch(f -> f.ruleId().startsWith("payload.")).anyMatch(f -> f.evidence().contains("system("));
  }

  @Test
  void pickleAfterTheCoreIsReportedAndScannedAsAMember() {
    FindingAssert.assertTrailingPickle(DIR.resolve("trailing_pickle.cbm"), "catboost.trailing-data", "34 bytes at offset 840");
  }

  @Test
  void unknownModelPartIsInconclusiveAndNamed() {
    FileResult r = Scans.file(DIR.resolve("unknown_part.cbm"));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("acme_processor_v9");
  }

  @Property(tries = 300)
  void mutatedModelsNeverEscape(@ForAll("models") byte[] file) {
    HostileScan.check("m.cbm", file);
  }

  @Provide
  Arbitrary<byte[]> models() {
    return Mutations.of(FindingAssert.fixture("catboost/benign.cbm"), 4);
  }
}
