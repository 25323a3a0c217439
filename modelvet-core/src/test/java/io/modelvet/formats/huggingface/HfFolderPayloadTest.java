package io.modelvet.formats.huggingface;

import static io.modelvet.testutil.Containers.ascii;
import static io.modelvet.testutil.Containers.torchZip;
import static io.modelvet.testutil.Payloads.osSystemPickle;
import static io.modelvet.testutil.Payloads.plainPickle;
import static io.modelvet.testutil.Scans.assertDeniedCall;
import static io.modelvet.testutil.Scans.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.formats.keras.KerasFixtures;
import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Scans;
import io.modelvet.testutil.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hugging Face model folder (the benign BERT fixture) with weights added the way the Hub
 * ships them: a malicious {@code pytorch_model.bin} or a zipped training state is CRITICAL on the
 * pickle inside it, next to configs that stay clean.
 */
class HfFolderPayloadTest {
  @TempDir Path tmp;

  private Path folder() throws IOException {
    Path model = tmp.resolve("bert");
    Trees.copy(KerasFixtures.fixture("hf/bert_benign"), model);
    return model;
  }

  @Test
  void maliciousPytorchModelBinInAHubFolderIsCritical() throws IOException {
    Path model = folder();
    Path bin = Files.write(model.resolve("pytorch_model.bin"), torchZip("pytorch_model", osSystemPickle()));
    List<FileResult> rs = Scans.paths(model);
    assertDeniedCall(rs, bin + "!/pytorch_model/data.pkl");
    assertThat(rs).filteredOn(r -> r.path().endsWith("config.json")).isNotEmpty().allSatisfy(r -> assertThat(r.findings()).isEmpty());
  }

  @Test
  void trainingStateArchiveInAHubFolderIsCritical() throws IOException {
    Path model = folder();
    Path ckpt = Files.createDirectories(model.resolve("checkpoint-500"));
    Path state = Files.write(ckpt.resolve("rng_state.zip"), Containers.zip("rng_state.pth", torchZip("rng_state", osSystemPickle()), "trainer_state.json", ascii("{\"global_step\": 500}")));
    List<FileResult> rs = Scans.paths(model);
    assertDeniedCall(rs, state + "!/rng_state.pth!/rng_state/data.pkl");
  }

  @Test
  void benignWeightsKeepTheFolderClean() throws IOException {
    Path model = folder();
    Files.write(model.resolve("pytorch_model.bin"), torchZip("pytorch_model", plainPickle()));
    List<FileResult> rs = Scans.paths(model);
    assertThat(rs).as(describe(rs)).anyMatch(r -> r.path().endsWith("pytorch_model.bin!/pytorch_model/data.pkl"));
    assertThat(rs).as(describe(rs)).allSatisfy(r -> {
      assertThat(r.findings()).isEmpty();
      assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    });
  }
}
