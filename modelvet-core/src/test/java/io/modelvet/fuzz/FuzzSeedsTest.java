package io.modelvet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
          new String[] {"catboost", "formats2/catboost", "**"});

  static Stream<Arguments> seeds() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String[] s : SEEDS) {
      Path dir = FIXTURES.resolve(s[1]);
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + s[2]);
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(p -> m.matches(dir.relativize(p))).sorted().forEach(p -> out.add(Arguments.of(s[0], FIXTURES.relativize(p).toString())));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("seeds")
  void everySeedKeepsTheHarnessContract(String harness, String seed) throws Exception {
    byte[] data = Files.readAllBytes(FIXTURES.resolve(seed));
    Method m = ParserFuzzTest.class.getDeclaredMethod(harness, byte[].class);
    m.setAccessible(true);
    try {
      m.invoke(new ParserFuzzTest(), (Object) data);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  @org.junit.jupiter.api.Test
  void everyHarnessHasSeeds() throws IOException {
    for (Method m : ParserFuzzTest.class.getDeclaredMethods()) {
      if (!m.isAnnotationPresent(com.code_intelligence.jazzer.junit.FuzzTest.class)) continue;
      assertThat(seeds().filter(a -> a.get()[0].equals(m.getName())).count()).as("seeds of harness %s", m.getName()).isPositive();
    }
  }
}
