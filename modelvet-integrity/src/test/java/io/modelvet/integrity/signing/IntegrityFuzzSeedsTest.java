package io.modelvet.integrity.signing;

import io.modelvet.fuzz.FuzzSeeds;
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
 * Replays the seeds of the integrity harnesses (written by {@code
 * fixtures/generators/integrity/fuzz_seeds.py} from the interop vectors). Kept in step with
 * bench/fuzz.sh.
 */
class IntegrityFuzzSeedsTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/fuzz");

  static final List<String[]> SEEDS =
      List.of(
          new String[] {"bundle", "bundle", "*"},
          new String[] {"statement", "statement", "*"},
          new String[] {"pem", "pem", "*"},
          new String[] {"der", "der", "*"});

  static Stream<Arguments> seeds() throws IOException {
    return FuzzSeeds.of(FIXTURES, SEEDS);
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("seeds")
  void everySeedKeepsTheHarnessContract(String harness, String seed) throws Exception {
    FuzzSeeds.replay(IntegrityFuzzTest.class, harness, Files.readAllBytes(FIXTURES.resolve(seed)));
  }

  @Test
  void everyHarnessHasSeeds() throws IOException {
    FuzzSeeds.assertEveryHarnessHasSeeds(IntegrityFuzzTest.class, FIXTURES, SEEDS);
  }
}
