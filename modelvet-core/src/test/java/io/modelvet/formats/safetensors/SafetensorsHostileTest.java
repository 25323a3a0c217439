package io.modelvet.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.testutil.HostileScan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SafetensorsHostileTest {
  private static final byte[] BENIGN = read("benign_tiny.safetensors");

  private static byte[] read(String name) {
    try {
      return Files.readAllBytes(Path.of("src/test/resources/fixtures/safetensors", name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 300)
  void randomHeadersNeverEscapeOrOverAllocate(@ForAll("headers") byte[] file) {
    FileResult r = HostileScan.check("x.safetensors", file);
    assertThat(r.path()).isEqualTo("x.safetensors");
  }

  @Property(tries = 300)
  void mutatedRealFilesNeverEscapeOrOverAllocate(@ForAll("mutations") byte[] file) {
    HostileScan.check("m.safetensors", file);
  }

  @Provide
  Arbitrary<byte[]> headers() {
    Arbitrary<Long> declared = Arbitraries.oneOf(
        Arbitraries.longs(), Arbitraries.longs().between(0, 4096), Arbitraries.of(-1L, 0L, 2L, 100_000_001L, 1L << 62));
    Arbitrary<String> json = jsonValue(3).map(v -> "{" + v + "}");
    Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    return Combinators.combine(declared, json, tail, Arbitraries.of(true, false))
        .as((n, j, t, honest) -> {
          byte[] h = j.getBytes(StandardCharsets.UTF_8);
          ByteBuffer b = ByteBuffer.allocate(8 + h.length + t.length).order(ByteOrder.LITTLE_ENDIAN);
          b.putLong(honest ? h.length : n).put(h).put(t);
          return b.array();
        });
  }

  private Arbitrary<String> jsonValue(int depth) {
    Arbitrary<String> leaf = Arbitraries.oneOf(
        Arbitraries.of("\"F32\"", "\"BF16\"", "\"F4\"", "\"X\"", "-1", "0", "18446744073709551617", "1e308", "null", "true",
            "[0,16]", "[16,0]", "[0,-4]", "[4294967296,4294967296]", "[]", "[1,2,3]"),
        Arbitraries.longs().map(String::valueOf));
    if (depth == 0) return leaf;
    Arbitrary<String> key = Arbitraries.of("\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"a\"", "\"a\"", "\"\"");
    Arbitrary<String> member = Combinators.combine(key, Arbitraries.lazy(() -> jsonValue(depth - 1))).as((k, v) -> k + ":" + v);
    Arbitrary<String> object = member.list().ofMaxSize(5).map(l -> String.join(",", l));
    return Arbitraries.oneOf(leaf, object.map(o -> "{" + o + "}"), object);
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, BENIGN.length - 1).list().ofMinSize(1).ofMaxSize(8);
    Arbitrary<List<Byte>> values = Arbitraries.bytes().list().ofSize(8);
    Arbitrary<Integer> cut = Arbitraries.integers().between(0, BENIGN.length);
    return Combinators.combine(positions, values, cut).as((ps, vs, c) -> {
      byte[] m = BENIGN.clone();
      for (int i = 0; i < ps.size(); i++) m[ps.get(i)] = vs.get(i);
      return c % 3 == 0 ? java.util.Arrays.copyOf(m, c) : m;
    });
  }
}
