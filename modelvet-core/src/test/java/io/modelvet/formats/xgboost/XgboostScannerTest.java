package io.modelvet.formats.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.Scans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XgboostScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/xgboost");

  private static List<FileResult> scanAll(String name) {
    return FindingAssert.scanAll(DIR.resolve(name));
  }

  @ParameterizedTest
  @CsvSource({"benign.json, xgboost-json", "benign.ubj, xgboost-ubj", "benign.bin, xgboost-binary"})
  void realXgboostFilesAreRecognisedAndClean(String name, String format) {
    FileResult r = Scans.file(DIR.resolve(name));
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @CsvSource({"benign_classifier.pkl, pickle", "benign_classifier.joblib, joblib"})
  void pickledClassifierBufferIsDataNotAHiddenPickle(String name, String format) throws Exception {
    List<FileResult> all = scanAll(name);
    FileResult outer = all.get(0);
    assertThat(outer.format()).isEqualTo(format);
    assertThat(Scans.ruleIds(outer)).doesNotContain("pickle.nested-pickle");
    assertThat(Scans.worst(outer)).isLessThan(Severity.MEDIUM);
    FileResult buffer = all.stream().filter(f -> f.path().endsWith(".ubj")).findFirst().orElseThrow();
    assertThat(buffer.format()).isEqualTo("xgboost-ubj");
    assertThat(buffer.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void childOutsideTheTreeIsMedium() {
    Finding f = FindingAssert.only(Scans.file(DIR.resolve("bad_child.json")), "xgboost.malformed-tree");
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("tree 0 node 0 left=99 right=2");
  }

  @Test
  void legacyBinarySplitOnMissingFeatureIsMedium() {
    Finding f = FindingAssert.only(Scans.file(DIR.resolve("bad_feature.bin")), "xgboost.malformed-tree");
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("tree 0 node 0 split_index=7");
  }

  @Test
  void pluginObjectiveIsLowAndNamed() {
    Finding f = FindingAssert.only(Scans.file(DIR.resolve("plugin_objective.ubj")), "xgboost.unknown-component");
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.evidence()).isEqualTo("objective=custom:evil_obj");
  }

  @Test
  void pickleAppendedToBinaryModelIsScannedAndCritical() throws Exception {
    List<FileResult> all = scanAll("trailing_pickle.bin");
    assertThat(FindingAssert.only(all.get(0), "xgboost.trailing-data").severity()).isEqualTo(Severity.LOW);
    FileResult member = all.get(1);
    assertThat(member.path()).endsWith("!/trailing-data");
    Finding f = FindingAssert.only(member, "pickle.denied-callable");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).isEqualTo("posix.system('id')");
  }
}
