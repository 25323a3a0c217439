package io.modelvet.formats.tensorflow;

import static io.modelvet.formats.graph.GraphFixtures.first;
import static io.modelvet.formats.graph.GraphFixtures.nothingAtOrAbove;
import static io.modelvet.formats.graph.GraphFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TfSavedModelScannerTest {

  @ParameterizedTest
  @ValueSource(strings = {"benign/keras_tf2", "benign/tf1_saver"})
  void saversCheckpointOpsAreNotAlarms(String model) throws IOException {
    FileResult r = scanOne("tf/" + model + "/saved_model.pb");
    assertThat(r.format()).isEqualTo("tf-savedmodel");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void fileOpsInTheServingFunctionAreReported() throws IOException {
    List<Finding> fs = scanOne("tf/malicious/serving_file_io/saved_model.pb").findings();
    assertThat(fs).anyMatch(f -> f.ruleId().equals("tf.dangerous-op") && f.severity() == Severity.HIGH && f.message().startsWith("Op WriteFile")
        && f.location().detail().equals("function '__inference__wrapped_model_999'"));
    assertThat(fs).anyMatch(f -> f.ruleId().equals("tf.dangerous-op") && f.severity() == Severity.MEDIUM && f.message().startsWith("Op ReadFile"));
  }

  @Test
  void pythonCallbacksInGraphAndFunctionsAreHigh() throws IOException {
    List<Finding> fs = scanOne("tf/malicious/pyfunc/saved_model.pb").findings();
    assertThat(fs).anyMatch(f -> f.message().startsWith("Op PyFunc") && f.severity() == Severity.HIGH && f.evidence().contains("token=pyfunc_0"));
    assertThat(fs).anyMatch(f -> f.message().startsWith("Op EagerPyFunc") && f.severity() == Severity.HIGH);
  }

  @Test
  void customOpIsLowAndNamed() throws IOException {
    FileResult r = scanOne("tf/suspicious/custom_op/saved_model.pb");
    Finding f = first(r, "tf.unknown-op").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.message()).contains("'MyCustomKernelOp'");
    assertThat(nothingAtOrAbove(r, Severity.MEDIUM)).isTrue();
  }

  @Test
  void saverNamedFunctionCalledFromServingIsNotExempt() throws IOException {
    List<Finding> fs = scanOne("tf/malicious/fake_saver/saved_model.pb").findings();
    assertThat(fs).anyMatch(f -> f.message().startsWith("Op WriteFile") && f.location().detail().contains("__inference__traced_save_31337"));
    // its checkpoint ops are reported too: the function is not saver-only
    assertThat(fs).anyMatch(f -> f.message().startsWith("Op SaveV2") && f.message().contains("outside the model's checkpoint saver"));
    // while the real saver function stays quiet
    assertThat(fs).noneMatch(f -> f.location().detail() != null && f.location().detail().contains("__inference__traced_save_5678"));
  }

  @Test
  void fileOpsInsideATf1SaverScopeAreStillReported() throws IOException {
    FileResult r = scanOne("tf/malicious/tf1_restore_writefile/saved_model.pb");
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.message()).startsWith("Op WriteFile");
      assertThat(f.evidence()).contains("save/WriteFile");
    });
  }

  @Test
  void saverContextRuleFollowsTheSaverDef() {
    TfGraph g = new TfGraph();
    g.saverSaveTensor = "save/control_dependency:0";
    g.saverRestoreOp = "save/restore_all";
    TfSaverContext c = new TfSaverContext(g);
    assertThat(c.isSaverNode(new TfGraph.Node("save/SaveV2", "SaveV2", List.of(), java.util.Map.of(), 0))).isTrue();
    assertThat(c.isSaverNode(new TfGraph.Node("serving/SaveV2", "SaveV2", List.of(), java.util.Map.of(), 0))).isFalse();
    assertThat(TfSaverContext.nodeName("^save/restore_all")).isEqualTo("save/restore_all");
    assertThat(TfSaverContext.nodeName("StatefulPartitionedCall_1:0")).isEqualTo("StatefulPartitionedCall_1");
  }

  @Test
  void frozenGraphDefIsRecognisedAndChecked() throws IOException {
    FileResult benign = scanOne("tf/graphdef/frozen_benign.pb");
    assertThat(benign.format()).isEqualTo("tf-graphdef");
    assertThat(benign.verdict()).isEqualTo(Verdict.CLEAN);
    FileResult bad = scanOne("tf/graphdef/frozen_writefile.pb");
    assertThat(bad.format()).isEqualTo("tf-graphdef");
    assertThat(bad.findings()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.evidence()).contains("dump/WriteFile");
    });
  }
}
