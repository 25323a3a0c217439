package io.modelvet.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.testutil.HostileScan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class GgufHostileTest {
  private static final byte[] BENIGN = read("benign_llama_v3.gguf");

  private static byte[] read(String name) {
    try {
      return Files.readAllBytes(Path.of("src/test/resources/fixtures/gguf", name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 400)
  void randomHeadersNeverEscapeOrOverAllocate(@ForAll("headers") byte[] file) {
    FileResult r = HostileScan.check("x.gguf", file);
    assertThat(r.format()).isEqualTo("gguf");
  }

  @Property(tries = 400)
  void mutatedRealFilesNeverEscapeOrOverAllocate(@ForAll("mutations") byte[] file) {
    HostileScan.check("m.gguf", file);
  }

  /** A GGUF prefix with random version and counts followed by randomly typed, randomly sized items. */
  @Provide
  Arbitrary<byte[]> headers() {
    Arbitrary<Integer> version = Arbitraries.of(1, 2, 3, 3, 3, 0, 4, 0x03000000);
    Arbitrary<Long> count = Arbitraries.oneOf(Arbitraries.longs().between(0, 8), Arbitraries.longs(), Arbitraries.of(1L << 40, -1L));
    Arbitrary<Long> field = Arbitraries.oneOf(
        Arbitraries.longs().between(0, 40), Arbitraries.longs(), Arbitraries.of(8L, 9L, 4L, 31L, 1L << 62));
    Arbitrary<List<Long>> body = field.list().ofMaxSize(40);
    Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(128);
    return Combinators.combine(version, count, count, body, junk).as((v, tc, kc, fields, tail) -> {
      ByteBuffer b = ByteBuffer.allocate(24 + fields.size() * 8 + tail.length).order(ByteOrder.LITTLE_ENDIAN);
      b.put(new byte[] {'G', 'G', 'U', 'F'}).putInt(v).putLong(tc).putLong(kc);
      for (long f : fields) {
        if ((f & 1) == 0) b.putLong(f);
        else b.putInt((int) f).putInt((int) (f >>> 32));
      }
      b.put(tail);
      return b.array();
    });
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    Arbitrary<List<Integer>> positions = Arbitraries.integers().between(4, 1800).list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<List<Byte>> values = Arbitraries.bytes().list().ofSize(6);
    Arbitrary<Integer> cut = Arbitraries.integers().between(8, BENIGN.length);
    return Combinators.combine(positions, values, cut).as((ps, vs, c) -> {
      byte[] m = BENIGN.clone();
      for (int i = 0; i < ps.size(); i++) m[ps.get(i)] = vs.get(i);
      return c % 3 == 0 ? java.util.Arrays.copyOf(m, c) : m;
    });
  }
}
