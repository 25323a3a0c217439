package io.modelvet.formats.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Budgets;
import io.modelvet.formats.common.numpy.NpyHeader;
import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.Deflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile input for every container parser: random bytes behind each magic number, mutated real
 * fixtures, deep nesting and bombs. Parsers must turn all of it into findings or inconclusive
 * verdicts: no runtime exception (a parser bug), no memory exhaustion, and budgets that hold.
 */
class ContainerPropertiesTest {
  private static final List<byte[]> MAGICS = List.of(
      new byte[] {'P', 'K', 3, 4},
      new byte[] {'P', 'K', 5, 6},
      new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0},
      new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0},
      new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c},
      new byte[] {0x1f, (byte) 0x8b, 8},
      new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59},
      new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0},
      new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd},
      new byte[] {0x04, 0x22, 0x4d, 0x18},
      new byte[] {0x78, (byte) 0x9c});

  private static final List<String> FIXTURES = List.of(
      "state_dict.pt", "tiny_torchscript.pt", "arrays.npz", "arrays_compressed.npz", "objects_compressed.npz", "model.tar",
      "model_pax.tar", "model.tar.gz", "model.7z", "object_array.npy", "structured.npy", "payload.pkl.xz", "legacy_torch.tar",
      "symlink.zip", "model_lzma.joblib");

  @Property(tries = 400)
  void randomBytesBehindAMagicNeverBreakAParser(@ForAll("magic") byte[] magic, @ForAll @Size(max = 3000) byte[] tail) {
    byte[] data = new byte[magic.length + tail.length];
    System.arraycopy(magic, 0, data, 0, magic.length);
    System.arraycopy(tail, 0, data, magic.length, tail.length);
    assertSane(Scans.members("random.bin", data));
  }

  @Property(tries = 400)
  void mutatedFixturesNeverBreakAParser(
      @ForAll("fixture") String name, @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> positions,
      @ForAll byte value, @ForAll @IntRange(min = 0, max = 3) int truncateQuarters) throws IOException {
    byte[] data = Files.readAllBytes(Scans.fixture("containers/" + name));
    for (int p : positions) data[p % data.length] ^= (byte) (value | 1);
    if (truncateQuarters > 0 && truncateQuarters < 3) data = java.util.Arrays.copyOf(data, data.length * (4 - truncateQuarters) / 4);
    assertSane(Scans.members(name, data));
  }

  @Property(tries = 15)
  void nestingStopsAtTheDepthBudget(@ForAll @IntRange(min = 1, max = 25) int depth) {
    byte[] data = "leaf\n".getBytes();
    String name = "leaf.txt";
    for (int i = 0; i < depth; i++) {
      data = Containers.zipAtLevel(Deflater.NO_COMPRESSION, name, data);
      name = "level" + i + ".zip";
    }
    List<FileResult> rs = Scans.members("outer.zip", data);
    int maxDepth = Budgets.defaults().maxDepth();
    assertThat(rs.size()).isLessThanOrEqualTo(maxDepth + 1);
    boolean tooDeep = depth > maxDepth;
    assertThat(rs.stream().anyMatch(r -> r.verdict() == Verdict.INCONCLUSIVE)).isEqualTo(tooDeep);
    if (!tooDeep) assertThat(rs.get(rs.size() - 1).format()).isEqualTo("text");
    assertSane(rs);
  }

  @Property(tries = 10)
  void deflateBombsStopWithAFinding(@ForAll @IntRange(min = 2, max = 24) int mebibytes) {
    byte[] bomb = Containers.zipAtLevel(Deflater.BEST_COMPRESSION, "zeros.bin", new byte[mebibytes << 20]);
    List<FileResult> rs = Scans.members("bomb.zip", bomb);
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(Scans.ruleIds(rs.get(0))).contains("archive.bomb");
  }

  /**
   * Structure-aware: headers are built from the parts numpy writes (descr, fortran_order, shape),
   * with lying values and a few mutated characters, at the offset each version puts them (10 for
   * v1, 12 for v2/v3). At least a tenth must parse (about a fifth do), so the parser itself is exercised, not only the
   * rejection of the first byte; the rest may only fail with MalformedException.
   */
  @Property(tries = 500)
  void npyHeaderParserOnlyFailsWithMalformed(
      @ForAll("npyDescr") String descr, @ForAll("npyShape") String shape, @ForAll boolean fortran, @ForAll @IntRange(min = 1, max = 3) int version,
      @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 10_000) Integer> mutatePositions, @ForAll char mutateTo) {
    StringBuilder dict = new StringBuilder("{'descr': " + descr + ", 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }");
    for (int p : mutatePositions) dict.setCharAt(p % dict.length(), mutateTo);
    byte[] text = (dict + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int pre = version == 1 ? 10 : 12;
    byte[] h = new byte[pre + text.length];
    System.arraycopy(NpyHeader.MAGIC, 0, h, 0, 6);
    h[6] = (byte) version;
    h[8] = (byte) text.length;
    h[9] = (byte) (text.length >> 8);
    System.arraycopy(text, 0, h, pre, text.length);
    boolean parsed;
    try {
      NpyHeader.parse(h);
      parsed = true;
    } catch (MalformedException expected) {
      parsed = false; // fine: hostile headers are malformed, nothing else may escape
    }
    Statistics.collect(parsed ? "parsed" : "malformed");
    Statistics.coverage(c -> c.check("parsed").percentage(pc -> pc > 10));
  }

  @Provide
  Arbitrary<String> npyDescr() {
    Arbitrary<String> real = Arbitraries.of("'<f4'", "'<i8'", "'|u1'", "'|O'", "'<U3'", "'|S10'", "'>c16'", "[('x', '<f4'), ('y', '<i8', (2,))]", "[('o', '|O')]");
    Arbitrary<String> odd = Arbitraries.strings().withChars("<>|fiuOUSc0123456789'()[], ").ofMaxLength(20);
    return Arbitraries.frequencyOf(Tuple.of(4, real), Tuple.of(1, odd));
  }

  @Provide
  Arbitrary<String> npyShape() {
    Arbitrary<Long> dim = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs().between(0, 1000)), Tuple.of(1, Arbitraries.longs()));
    return dim.list().ofMaxSize(4).map(ds -> ds.size() == 1 ? "(" + ds.get(0) + ",)" : ds.toString().replace('[', '(').replace(']', ')'));
  }

  @Provide
  Arbitrary<byte[]> magic() {
    return Arbitraries.of(MAGICS);
  }

  @Provide
  Arbitrary<String> fixture() {
    return Arbitraries.of(FIXTURES);
  }

  private static void assertSane(List<FileResult> rs) {
    assertThat(rs).isNotEmpty();
    for (FileResult r : rs) {
      assertThat(r.verdict()).isNotNull();
      String why = r.inconclusiveReason();
      if (why != null)
        assertThat(why).as(r.path()).doesNotStartWith("analysis failed").doesNotContain("ran out of memory").doesNotContain("nested too deeply to analyse");
    }
  }
}
