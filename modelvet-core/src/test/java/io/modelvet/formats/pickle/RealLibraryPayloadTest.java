package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.testutil.Scans;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by joblib and legacy torch.save where a reference to os.system follows raw array
 * or storage bytes: finding it proves the scanner skipped exactly those bytes and went on.
 */
class RealLibraryPayloadTest {

  @ParameterizedTest
  @CsvSource({
    "joblib_array_then_system.joblib, joblib",
    "joblib_array_then_system_z3.joblib, joblib-zlib",
    "torch_legacy_tensor_then_system.pt, pytorch-legacy"
  })
  void systemReferenceAfterRawDataIsFound(String file, String format) {
    List<FileResult> r = Scans.members(file, Scans.resource("pickle/malicious/" + file));
    String seen = Scans.describe(r);
    assertThat(r.get(0).format()).as(seen).isEqualTo(format);
    Finding f = Scans.findings(r).stream().filter(x -> x.ruleId().equals("pickle.denied-callable")).findFirst()
        .orElseThrow(() -> new AssertionError(seen));
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.message()).contains("posix.system");
    assertThat(r.get(0).inconclusiveReason()).as(seen).isNull();
  }

  @ParameterizedTest
  @CsvSource({"dill_lambda.pkl, dill._dill._create_code", "cloudpickle_lambda.pkl, cloudpickle.cloudpickle._make_function"})
  void codeCarryingPicklesAreCriticalWithTheCodeAsEvidence(String file, String builder) {
    List<FileResult> r = Scans.members(file, Scans.resource("pickle/malicious/" + file));
    List<Finding> code = Scans.findings(r).stream().filter(x -> x.ruleId().equals("pickle.code-object")).toList();
    assertThat(code).as(Scans.describe(r)).isNotEmpty();
    assertThat(code).allMatch(f -> f.severity() == Severity.CRITICAL);
    Finding f = code.stream().filter(x -> x.evidence().startsWith(builder)).findFirst().orElseThrow();
    assertThat(f.evidence()).as("the code constants are shown").contains("(None, ");
  }

  @Test
  void legacyTorchGlobalsAreListed() {
    List<FileResult> r = Scans.members("m.pt", Scans.resource("pickle/benign/torch_whole_model_legacy.pt"));
    assertThat(r.get(0).globals()).contains("torch._utils._rebuild_tensor_v2", "torch.FloatStorage", "torch.nn.modules.linear.Linear");
    assertThat(r.get(0).findings()).isEmpty();
  }
}
