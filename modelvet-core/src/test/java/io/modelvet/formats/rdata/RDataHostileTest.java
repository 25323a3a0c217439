package io.modelvet.formats.rdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile R streams: the walker never escapes, never allocates what length fields ask for. */
class RDataHostileTest {
  private static final byte[] GLM = Mutations.gunzip(Scans.fixture("formats/r/glm_model.rds"));
  private static final byte[] PROMISE = Mutations.gunzip(Scans.fixture("formats/r/promise_env.rds"));

  @Property(tries = 300)
  void mutatedGlmStreamsStayBounded(@ForAll("glm") byte[] file) {
    FileResult r = HostileScan.check("m.rds", file);
    assertThat(r.format()).startsWith("r-rds");
  }

  @Property(tries = 200)
  void mutatedPromiseStreamsStayBounded(@ForAll("promise") byte[] file) {
    HostileScan.check("p.rds", file);
  }

  /** A valid header followed by random SEXP flags, lengths and reference indexes. */
  @Property(tries = 400)
  void randomItemsAfterAValidHeaderStayBounded(@ForAll("items") byte[] file) {
    FileResult r = HostileScan.check("r.rds", file);
    assertThat(r.format()).isEqualTo("r-rds");
  }

  @Provide
  Arbitrary<byte[]> glm() {
    return Mutations.of(GLM, 14);
  }

  @Provide
  Arbitrary<byte[]> promise() {
    return Mutations.of(PROMISE, 14);
  }

  @Provide
  Arbitrary<byte[]> items() {
    Arbitrary<Integer> word = Arbitraries.oneOf(
        Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 9, 13, 14, 16, 19, 21, 24, 25, 238, 239, 240, 243, 244, 247, 248, 249, 255, 254, 0x405, 0x602, 0x40009, -1),
        Arbitraries.integers(), Arbitraries.integers().between(0, 64), Arbitraries.integers().between(0x100, 0x10000).map(i -> i << 8 | 255));
    return word.list().ofMaxSize(200).map(RDataHostileTest::stream);
  }

  private static byte[] stream(List<Integer> words) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * words.size());
    b.put((byte) 'X').put((byte) '\n').putInt(2).putInt(0x40300).putInt(0x20300);
    for (int w : words) b.putInt(w);
    return b.array();
  }
}
