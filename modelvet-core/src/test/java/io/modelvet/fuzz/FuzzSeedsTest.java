package io.modelvet.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays each harness's seed corpus (the committed fixtures of its format) through the harness, so
 * the contract holds on every real file the fuzzer starts from. {@code bench/fuzz.sh} hands the
 * same seeds to the fuzzer.
 */
class FuzzSeedsTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  /** Harness name, fixture folder and glob of its seeds. Kept in step with bench/fuzz.sh. */
  static final List<String[]> SEEDS =
      List.of(
          new String[] {"pickle", "pickle", "**"},
          new String[] {"pickle", "containers", "*.{pkl,joblib}"},
          new String[] {"zip", "containers", "*.{zip,npz,pt,pth}"},
          new String[] {"tar", "containers", "*.tar"},
          new String[] {"sevenZip", "containers", "*.7z"},
          new String[] {"compressed", "containers", "*.{gz,bz2,xz}"},
          new String[] {"numpy", "containers", "*.npy"},
          new String[] {"safetensors", "safetensors", "**"},
          new String[] {"gguf", "gguf", "**"},
          new String[] {"onnx", "graph/onnx", "**"},
          new String[] {"tensorflow", "graph/tf", "**"},
          new String[] {"tflite", "graph/tflite", "**"},
          new String[] {"kerasH5", "kerashf/h5", "**"},
          new String[] {"kerasConfig", "kerashf/v3", "**.json"},
          new String[] {"huggingfaceConfig", "kerashf/hf", "**.json"},
          new String[] {"marshal", "kerashf/marshal", "**"},
          new String[] {"jinja", "jinja", "**"},
          new String[] {"python", "kerashf/hf", "**.py"},
          new String[] {"coreMl", "formats2/coreml", "**"},
          new String[] {"executorch", "formats2/executorch", "**"},
          new String[] {"ocdbt", "formats2/orbax", "benign_ocdbt/{manifest.ocdbt,d/*,ocdbt.process_0/manifest.ocdbt}"},
          new String[] {"zarrMetadata", "formats2/orbax", "**/{.zarray,zarr.json}"},
          new String[] {"ociArchive", "formats/oci", "*.tar"},
          new String[] {"torch7Ascii", "formats/torch7", "*_ascii.t7"},
          new String[] {"mxnetParams", "formats2/mxnet", "*.params"},
          new String[] {"catboost", "formats2/catboost", "**"});

  static Stream<Arguments> seeds() throws IOException {
    return FuzzSeeds.of(FIXTURES, SEEDS);
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("seeds")
  void everySeedKeepsTheHarnessContract(String harness, String seed) throws Exception {
    FuzzSeeds.replay(ParserFuzzTest.class, harness, Files.readAllBytes(FIXTURES.resolve(seed)));
  }

  @Test
  void everyHarnessHasSeeds() throws IOException {
    FuzzSeeds.assertEveryHarnessHasSeeds(ParserFuzzTest.class, FIXTURES, SEEDS);
  }
}
