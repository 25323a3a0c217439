package io.modelvet.formats.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated versions of every ONNX, TensorFlow and TFLite fixture: whatever the bytes,
 * the engine returns a result for each file (clean, findings or inconclusive) and no exception
 * escapes the scanners.
 */
class GraphHostileInputTest {
  private static final ScanEngine ENGINE = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1));
  private static final List<byte[]> SEEDS = seeds();

  @Property(tries = 400)
  void mutatedFixturesNeverThrow(@ForAll("mutated") byte[] data) {
    assertScans(data);
  }

  @Property(tries = 200)
  void randomBytesNeverThrow(@ForAll byte[] data) {
    assertScans(data);
  }

  private static void assertScans(byte[] data) {
    List<FileResult> results = ENGINE.scan("fuzz.bin", new ArrayByteSource(data));
    assertThat(results).isNotEmpty();
    for (FileResult r : results) {
      assertThat(r.verdict()).isNotNull();
      if (r.inconclusiveReason() != null) assertThat(r.inconclusiveReason()).doesNotContain("analysis failed");
    }
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
    Arbitrary<Integer> edits = Arbitraries.integers().between(1, 8);
    Arbitrary<Long> rnd = Arbitraries.longs();
    return Combinators.combine(seed, edits, rnd).as(GraphHostileInputTest::mutate);
  }

  /** Flips bytes, overwrites varint-sized runs with large values, cuts or duplicates a range. */
  static byte[] mutate(byte[] seed, int edits, long random) {
    java.util.Random r = new java.util.Random(random);
    byte[] b = seed.clone();
    for (int i = 0; i < edits && b.length > 0; i++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> {
          for (int k = at; k < Math.min(b.length, at + 5); k++) b[k] = (byte) 0xff;
        }
        case 2 -> b = java.util.Arrays.copyOf(b, at);
        default -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(64));
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, at + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
      }
    }
    return b;
  }

  private static List<byte[]> seeds() {
    Path root = GraphFixtures.fixture("");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(p -> {
        try {
          return Files.size(p) < 512 * 1024;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sorted().map(p -> {
        try {
          return Files.readAllBytes(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
