package io.modelvet.formats.more;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.ModelVet;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's done-when for this half: a folder with one benign file of each format (XGBoost in all
 * forms and pickled, LightGBM, Paddle, MXNet, OpenVINO, PMML, Flax, Core ML neural network and ML
 * Program with its package manifest and weight file, TensorRT, RKNN, CatBoost with and without CTR
 * tables, ExecuTorch with core operators and with an XNNPACK delegate, and the parts of Orbax
 * checkpoint folders: OCDBT, zarr) gives nothing at MEDIUM or above, and inconclusive only for
 * opaque formats (TensorRT, RKNN), with a reason that names the format.
 */
class MoreFormatsFolderTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/formats2");
  private static final Map<String, String> FILES = Map.ofEntries(
      Map.entry("xgboost/benign.json", "xgb.json"), Map.entry("xgboost/benign.ubj", "xgb.ubj"), Map.entry("xgboost/benign.bin", "xgb.bin"),
      Map.entry("xgboost/benign_classifier.pkl", "xgb_clf.pkl"), Map.entry("xgboost/benign_classifier.joblib", "xgb_clf.joblib"),
      Map.entry("lightgbm/benign.txt", "lgbm.txt"), Map.entry("paddle/benign.pdmodel", "inference.pdmodel"),
      Map.entry("paddle/benign.pdiparams", "inference.pdiparams"), Map.entry("paddle/benign.pdparams", "model.pdparams"),
      Map.entry("mxnet/benign-symbol.json", "net-symbol.json"), Map.entry("mxnet/benign-0000.params", "net-0000.params"), Map.entry("mxnet/sparse-0000.params", "sparse-0000.params"),
      Map.entry("openvino/benign.xml", "ov.xml"), Map.entry("openvino/benign.bin", "ov.bin"), Map.entry("pmml/benign.pmml", "tree.pmml"),
      Map.entry("flax/benign.msgpack", "flax.msgpack"), Map.entry("compiled/benign.engine", "m.engine"), Map.entry("compiled/benign.rknn", "m.rknn"),
      Map.entry("catboost/benign.cbm", "m.cbm"), Map.entry("catboost/benign_ctr_part.cbm", "ctr.cbm"), Map.entry("executorch/benign_aten.pte", "m.pte"), Map.entry("executorch/benign_xnnpack.pte", "xnn.pte"), Map.entry("coreml/benign.mlmodel", "m.mlmodel"),
      Map.entry("coreml/benign.mlpackage/Manifest.json", "Manifest.json"), Map.entry("coreml/benign.mlpackage/Data/com.apple.CoreML/model.mlmodel", "mlprogram.mlmodel"),
      Map.entry("coreml/benign.mlpackage/Data/com.apple.CoreML/weights/weight.bin", "weight.bin"));
  /** Checkpoint folders whose files refer to each other (Orbax: OCDBT database, zarr arrays), copied whole. */
  private static final Map<String, String> FOLDERS = Map.of("orbax/benign_ocdbt", "orbax_ocdbt", "orbax/benign_zarr", "orbax_zarr");
  private static final Map<String, String> OPAQUE = Map.of(
      "tensorrt-engine", "TensorRT engine", "rknn", "RKNN model");

  @Test
  void oneBenignFileOfEachFormatIsCleanOrOpaque(@TempDir Path dir) throws IOException {
    for (Map.Entry<String, String> e : FILES.entrySet()) Files.copy(FIXTURES.resolve(e.getKey()), dir.resolve(e.getValue()));
    long folderFiles = 0;
    for (Map.Entry<String, String> e : FOLDERS.entrySet()) folderFiles += copyTree(FIXTURES.resolve(e.getKey()), dir.resolve(e.getValue()));
    ScanReport report = ModelVet.scanner(ScanOptions.defaults().withThreads(1)).scan(dir);
    assertThat(report.files().stream().filter(f -> !f.path().contains("!/"))).hasSize(FILES.size() + (int) folderFiles);
    for (FileResult f : report.files()) {
      for (Finding x : f.findings()) assertThat(x.severity()).as(f.path() + " " + x).isLessThan(Severity.MEDIUM);
      if (f.verdict() == Verdict.INCONCLUSIVE) {
        assertThat(OPAQUE).as(f.path() + ": " + f.inconclusiveReason()).containsKey(f.format());
        assertThat(f.inconclusiveReason()).startsWith(OPAQUE.get(f.format()) + ":");
      }
    }
  }

  private static long copyTree(Path from, Path to) throws IOException {
    long n = 0;
    try (java.util.stream.Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else {
          Files.copy(p, t);
          n++;
        }
      }
    }
    return n;
  }
}
