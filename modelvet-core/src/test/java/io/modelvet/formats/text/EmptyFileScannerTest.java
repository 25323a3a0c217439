package io.modelvet.formats.text;

import static io.modelvet.testutil.Scans.assertDeniedCall;
import static io.modelvet.testutil.Scans.members;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Payloads;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a zero-byte file is "empty": one byte of content is analysed by what it is. */
class EmptyFileScannerTest {

  @Test
  void zeroBytesAreEmptyAndClean() {
    FileResult r = members("notes.txt", new byte[0]).get(0);
    assertThat(r.format()).isEqualTo("empty");
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void zeroBytesNamedLikeAModelAreInconclusiveNotClean() {
    FileResult r = members("model.pkl", new byte[0]).get(0);
    assertThat(r.format()).isEqualTo("empty");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("empty file named like a model");
  }

  @Test
  void aPayloadIsNeverTakenForAnEmptyFile() {
    List<FileResult> rs = members("empty.txt", Payloads.osSystemPickle());
    assertThat(rs.get(0).format()).isNotEqualTo("empty");
    assertDeniedCall(rs, "empty.txt");
  }
}
