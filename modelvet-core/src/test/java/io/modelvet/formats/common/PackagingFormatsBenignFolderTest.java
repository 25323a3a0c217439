package io.modelvet.formats.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import io.modelvet.testutil.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's acceptance check for the packaging formats: one folder holding a benign file of each
 * (R data frame and linear models, MLflow folder, NeMo, TorchServe, skops, OCI layout and oci-archive tar, Torch7 binary and ASCII) scans with
 * no inconclusive verdict and nothing at MEDIUM or above. A llamafile is left out on purpose: it is
 * an executable and is reported at HIGH by design.
 */
class PackagingFormatsBenignFolderTest {
  @Test
  void oneBenignFileOfEachFormatGivesNoInconclusiveAndNothingAtMedium(@TempDir Path dir) throws IOException {
    for (String f : List.of("r/data_frame.rds", "r/lm_model.rds", "r/glm_model.rds", "r/workspace.RData", "nemo/benign.nemo", "torchserve/benign.mar", "skops/benign.skops", "torch7/benign.t7", "torch7/benign_ascii.t7", "oci/benign-archive.tar"))
      Files.copy(Scans.fixture("formats/" + f), dir.resolve(Path.of(f).getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    Trees.copy(Scans.fixture("formats/mlflow/sklearn_benign"), dir.resolve("mlflow_model"));
    Trees.copy(Scans.fixture("formats/oci/benign"), dir.resolve("oci_image"));
    List<FileResult> all = Scans.all(dir);
    assertThat(all).extracting(FileResult::format).contains("r-rds", "r-rdata", "nemo", "torchserve-mar", "skops", "mlflow-model", "oci-layout", "oci-archive", "python-env", "pip-requirements", "torch7", "torch7-ascii");
    assertThat(all).allSatisfy(r -> {
      assertThat(r.verdict()).as(r.path()).isNotEqualTo(Verdict.INCONCLUSIVE);
      assertThat(r.worst() == null || !r.worst().atLeast(Severity.MEDIUM)).as(r.path() + " " + r.findings()).isTrue();
    });
  }
}
