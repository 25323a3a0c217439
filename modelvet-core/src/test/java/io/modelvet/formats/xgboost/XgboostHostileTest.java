package io.modelvet.formats.xgboost;

import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Mutated and cut real XGBoost files (UBJSON, legacy binary, JSON) never escape or over-allocate. */
class XgboostHostileTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/xgboost");

  private static byte[] read(String name) {
    try {
      return Files.readAllBytes(DIR.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 300)
  void mutatedUbjson(@ForAll("ubj") byte[] file) {
    HostileScan.check("m.ubj", file);
  }

  @Property(tries = 300)
  void mutatedLegacyBinary(@ForAll("bin") byte[] file) {
    HostileScan.check("m.bin", file);
  }

  @Property(tries = 100)
  void mutatedJson(@ForAll("json") byte[] file) {
    HostileScan.check("m.json", file);
  }

  /** UBJSON containers with huge or zero-width typed counts must be refused before allocation. */
  @Property(tries = 200)
  void lyingUbjsonCounts(@ForAll("counts") byte[] file) {
    HostileScan.check("c.ubj", file);
  }

  @Provide
  Arbitrary<byte[]> ubj() {
    return mutate(read("benign.ubj"));
  }

  @Provide
  Arbitrary<byte[]> bin() {
    return mutate(read("benign.bin"));
  }

  @Provide
  Arbitrary<byte[]> json() {
    return mutate(read("benign.json"));
  }

  @Provide
  Arbitrary<byte[]> counts() {
    Arbitrary<Byte> type = Arbitraries.of((byte) 'Z', (byte) 'T', (byte) 'i', (byte) 'D', (byte) 'S', (byte) '[', (byte) '{');
    Arbitrary<Long> count = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(Long.MAX_VALUE, 1L << 31, 1L << 40, 100_000L));
    Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    return Combinators.combine(type, count, tail).as((t, n, rest) -> {
      byte[] head = {'{', 'i', 7, 'l', 'e', 'a', 'r', 'n', 'e', 'r', '[', '$', t, '#', 'L'};
      byte[] out = Arrays.copyOf(head, head.length + 8 + rest.length);
      for (int i = 0; i < 8; i++) out[head.length + i] = (byte) (n >>> (56 - 8 * i));
      System.arraycopy(rest, 0, out, head.length + 8, rest.length);
      return out;
    });
  }

  private static Arbitrary<byte[]> mutate(byte[] benign) {
    return Mutations.of(benign, 1);
  }
}
