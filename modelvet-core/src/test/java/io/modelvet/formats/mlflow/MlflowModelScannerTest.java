package io.modelvet.formats.mlflow;

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

/** MLflow model folders (fixtures/generators/formats/gen_packaging.py). */
class MlflowModelScannerTest {
  private static List<FileResult> folder(String name) {
    return Scans.all(Scans.fixture("formats/mlflow/" + name));
  }

  private static FileResult file(List<FileResult> all, String suffix) {
    return all.stream().filter(r -> r.path().endsWith(suffix)).findFirst().orElseThrow(() -> new AssertionError(suffix + " not in " + all));
  }

  @Test
  void sklearnModelFolderIsCleanEverywhere() {
    List<FileResult> all = folder("sklearn_benign");
    assertThat(file(all, "MLmodel").format()).isEqualTo("mlflow-model");
    assertThat(file(all, "conda.yaml").format()).isEqualTo("python-env");
    assertThat(file(all, "requirements.txt").format()).isEqualTo("pip-requirements");
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
  }

  @ParameterizedTest
  @CsvSource({
    "custom_loader, MLmodel, mlflow.custom-loader, HIGH",
    "custom_loader, MLmodel, mlflow.code-paths, MEDIUM",
    "custom_loader, MLmodel!/code/custom_loader.py, hf.python-import-time-call, CRITICAL",
    "custom_loader, conda.yaml, pyenv.direct-reference, MEDIUM",
    "custom_loader, requirements.txt, pyenv.index-override, MEDIUM",
    "pyfunc_malicious, MLmodel, mlflow.path-escape, HIGH",
    "pyfunc_malicious, MLmodel, mlflow.python-model, MEDIUM",
    "pyfunc_malicious, python_model.pkl, pickle.denied-callable, CRITICAL"
  })
  void maliciousFoldersAreFlaggedWhereTheCodeRuns(String name, String suffix, String rule, Severity severity) {
    FileResult r = file(folder(name), "/" + suffix);
    assertThat(r.findings()).as(r.findings().toString()).anyMatch(f -> f.ruleId().equals(rule) && f.severity() == severity && f.evidence() != null);
  }

  @Test
  void theLoaderModuleIsAnalysedEvenWhenOnlyTheDescriptorIsScanned() {
    List<FileResult> all = Scans.all(Scans.fixture("formats/mlflow/custom_loader/MLmodel"));
    assertThat(file(all, "MLmodel!/code/custom_loader.py").worst()).isEqualTo(Severity.CRITICAL);
  }

  @Property(tries = 300)
  void mutatedDescriptorsStayBounded(@ForAll("descriptors") byte[] b) {
    HostileScan.check("MLmodel", b);
  }

  @Provide
  Arbitrary<byte[]> descriptors() throws IOException {
    return Mutations.of(Files.readAllBytes(Scans.fixture("formats/mlflow/pyfunc_malicious/MLmodel")), 0);
  }
}
