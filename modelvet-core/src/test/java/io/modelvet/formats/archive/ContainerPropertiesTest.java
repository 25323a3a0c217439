package io.modelvet.formats.archive;

import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Scans;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Budgets;
import io.modelvet.formats.numpy.NpyHeader;
import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

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

  @Property(tries = 500)
  void npyHeaderParserOnlyFailsWithMalformed(@ForAll @Size(max = 300) String dict, @ForAll @IntRange(min = 1, max = 3) int version) {
    byte[] text = dict.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] h = new byte[12 + text.length];
    System.arraycopy(NpyHeader.MAGIC, 0, h, 0, 6);
    h[6] = (byte) version;
    int len = text.length + (version == 1 ? 2 : 0);
    h[8] = (byte) len;
    h[9] = (byte) (len >> 8);
    System.arraycopy(text, 0, h, 12, text.length);
    try {
      NpyHeader.parse(h);
    } catch (MalformedException expected) {
      // fine: hostile headers are malformed, nothing else may escape
    }
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
