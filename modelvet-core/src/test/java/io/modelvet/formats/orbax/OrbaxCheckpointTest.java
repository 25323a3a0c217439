package io.modelvet.formats.orbax;

import static io.modelvet.testutil.FindingAssert.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Mutations;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orbax checkpoint folders: OCDBT databases and zarr arrays, from fixtures/generators/formats2/gen_orbax.py. */
class OrbaxCheckpointTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/orbax");
  private static final String PROC_DATA = "ocdbt.process_0/d/5f1c0e7b2a9d4c83b6e1f0a2d3c4b5a6";
  private static final String TOP_DATA = "d/a1b2c3d4e5f60718293a4b5c6d7e8f90";

  private static FileResult at(List<FileResult> rs, Path dir, String rel) {
    return Scans.result(rs, dir.resolve(rel).toString());
  }

  @Test
  void benignOcdbtCheckpointIsCleanAndEveryPartRecognised() {
    Path d = DIR.resolve("benign_ocdbt");
    List<FileResult> rs = Scans.all(d);
    for (FileResult r : rs) assertThat(r.verdict()).as(Scans.describe(rs)).isEqualTo(Verdict.CLEAN);
    assertThat(at(rs, d, "manifest.ocdbt").format()).isEqualTo("ocdbt-manifest");
    assertThat(at(rs, d, "ocdbt.process_0/manifest.ocdbt").format()).isEqualTo("ocdbt-manifest");
    assertThat(at(rs, d, TOP_DATA).format()).isEqualTo("ocdbt-data");
    assertThat(at(rs, d, PROC_DATA).format()).isEqualTo("ocdbt-data");
  }

  @Test
  void benignZarrCheckpointIsCleanWithEveryCompression() {
    Path d = DIR.resolve("benign_zarr");
    List<FileResult> rs = Scans.all(d);
    for (FileResult r : rs) assertThat(r.verdict()).as(Scans.describe(rs)).isEqualTo(Verdict.CLEAN);
    for (String chunk : List.of("params.dense.kernel/0.0", "params.dense.kernel/1.0", "params.dense.bias/0", "params.dense.scale/0", "step/0", "params.emb/c/0/0"))
      assertThat(at(rs, d, chunk).format()).as(chunk).isEqualTo("zarr-chunk");
    assertThat(at(rs, d, "params.emb/zarr.json").format()).isEqualTo("zarr-metadata");
  }

  @Test
  void pickleObjectCodecIsHighAndItsChunkGoesToThePickleEngine() {
    Path d = DIR.resolve("pickle_codec");
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, "params.meta/.zarray"), "zarr.pickle-codec", Severity.HIGH).evidence()).isEqualTo("codec pickle, dtype \"|O\"");
    FileResult member = Scans.result(rs, d.resolve("params.meta/0") + "!/0.pkl");
    assertThat(only(member, "pickle.denied-callable", Severity.CRITICAL).evidence()).isEqualTo("posix.system('id')");
  }

  @Test
  void codecNamedLikeACallableIsHighAndAPluginCodecLow() {
    Path d = DIR.resolve("callable_codec");
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, "w/.zarray"), "zarr.callable-codec", Severity.HIGH).evidence()).isEqualTo("codec subprocess.getoutput");
    assertThat(only(at(rs, d, "u/.zarray"), "zarr.unknown-codec", Severity.LOW).evidence()).isEqualTo("codec fancy_codec_plugin");
  }

  @Test
  void uncompressedChunkOfTheWrongSizeIsMedium() {
    Path d = DIR.resolve("bad_chunk");
    assertThat(only(at(Scans.all(d), d, "w/0"), "zarr.malformed-chunk", Severity.MEDIUM).evidence())
        .isEqualTo("0: it holds 7 bytes but the array stores 16 bytes per chunk uncompressed");
  }

  @Test
  void truncatedGzipAndLyingBloscChunksAreMedium(@TempDir Path tmp) throws IOException {
    Path d = copy(DIR.resolve("benign_zarr"), tmp);
    Path gz = d.resolve("params.dense.kernel/0.0");
    byte[] g = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(g, g.length - 12));
    Path blosc = d.resolve("params.dense.bias/0");
    byte[] b = Files.readAllBytes(blosc);
    b[4] = 40; // nbytes
    Files.write(blosc, b);
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, "params.dense.kernel/0.0"), "zarr.malformed-chunk", Severity.MEDIUM).evidence()).isEqualTo("0.0: its bytes are not a gzip stream");
    assertThat(only(at(rs, d, "params.dense.bias/0"), "zarr.malformed-chunk", Severity.MEDIUM).evidence()).isEqualTo("0: its blosc header says 40 bytes but the array stores 12 bytes per chunk");
  }

  @Test
  void picklePlantedAsACompressedChunkIsFound(@TempDir Path tmp) throws IOException {
    Path d = copy(DIR.resolve("benign_zarr"), tmp);
    Files.copy(DIR.resolve("pickle_codec/params.meta/0"), d.resolve("params.dense.kernel/0.0"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<FileResult> rs = Scans.all(d);
    FileResult chunk = at(rs, d, "params.dense.kernel/0.0");
    assertThat(chunk.format()).isEqualTo("zarr-chunk");
    only(chunk, "zarr.malformed-chunk", Severity.MEDIUM);
    only(chunk, "payload.embedded-pickle", Severity.MEDIUM);
    assertThat(Scans.worst(rs)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void chunkOutsideTheGridIsMedium(@TempDir Path tmp) throws IOException {
    Path d = copy(DIR.resolve("benign_zarr"), tmp);
    Files.copy(d.resolve("params.dense.kernel/1.0"), d.resolve("params.dense.kernel/2.0"));
    assertThat(only(at(Scans.all(d), d, "params.dense.kernel/2.0"), "zarr.malformed-chunk", Severity.MEDIUM).evidence())
        .isEqualTo("2.0: chunk index 2 on axis 0 is outside the grid of 2 chunks");
  }

  @Test
  void inconsistentMetadataIsMedium(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve(".zarray"), "{\"chunks\":[2],\"compressor\":null,\"dtype\":\"<f3\",\"fill_value\":null,\"filters\":null,\"order\":\"C\",\"shape\":[4,4],\"zarr_format\":2}");
    assertThat(only(Scans.file(tmp.resolve(".zarray")), "zarr.malformed-metadata", Severity.MEDIUM).evidence())
        .isEqualTo("shape has 2 dimensions but the chunks have 1; dtype \"<f3\" has an impossible item size");
  }

  @Test
  void dataFilePathLeavingTheDatabaseIsHigh() {
    Path d = DIR.resolve("escape_ocdbt");
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, TOP_DATA), "ocdbt.path-escape", Severity.HIGH).evidence()).isEqualTo("../../etc/passwd");
    assertThat(at(rs, d, "manifest.ocdbt").verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void pickleCodecInsideOcdbtIsHighAndTheChunkValueIsScanned() {
    Path d = DIR.resolve("pickle_ocdbt");
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, TOP_DATA), "zarr.pickle-codec", Severity.HIGH).message()).contains("'params.meta/.zarray'");
    FileResult proc = at(rs, d, PROC_DATA);
    only(proc, "zarr.pickle-codec", Severity.HIGH);
    only(proc, "payload.embedded-pickle", Severity.MEDIUM);
    assertThat(Scans.worst(rs)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void tamperedManifestIsMediumAndItsDataFilesInconclusive() {
    Path d = DIR.resolve("tampered_ocdbt");
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, "manifest.ocdbt"), "ocdbt.malformed", Severity.MEDIUM).evidence()).startsWith("CRC-32C mismatch");
    assertThat(at(rs, d, TOP_DATA).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(at(rs, d, PROC_DATA).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void truncatedDataFileIsABadReferenceOfItsManifest(@TempDir Path tmp) throws IOException {
    Path d = copy(DIR.resolve("benign_ocdbt"), tmp);
    Path data = d.resolve(PROC_DATA);
    byte[] b = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(b, b.length - 40));
    List<FileResult> rs = Scans.all(d);
    assertThat(only(at(rs, d, "ocdbt.process_0/manifest.ocdbt"), "ocdbt.bad-reference", Severity.MEDIUM).evidence()).contains("d/5f1c0e7b2a9d4c83b6e1f0a2d3c4b5a6 @");
  }

  @Test
  void manifestOutsideItsFolderIsCheckedThenInconclusive() {
    FileResult r = Scans.bytes("manifest.ocdbt", FindingAssert.fixture("orbax/benign_ocdbt/manifest.ocdbt"));
    assertThat(r.format()).isEqualTo("ocdbt-manifest");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void codecRejectsLyingCountsWithoutAllocating() {
    byte[] body = {0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertThatThrownBy(() -> OcdbtCodec.btreeNode(body, "", "")).isInstanceOf(MalformedException.class);
  }

  @Property(tries = 150)
  void mutatedManifestsNeverEscape(@ForAll("manifests") byte[] file) {
    HostileScan.check("manifest.ocdbt", file);
  }

  @Property(tries = 60)
  void mutatedDatabasesNeverEscape(@ForAll("dataFiles") byte[] data) throws IOException {
    Path tmp = Files.createTempDirectory("ocdbt");
    try {
      Path d = copy(DIR.resolve("benign_ocdbt"), tmp);
      Files.write(d.resolve(TOP_DATA), data);
      HostileScan.checkFolder(d);
    } finally {
      delete(tmp);
    }
  }

  @Property(tries = 300)
  void codecFailsOnlyWithMalformed(@ForAll("nodes") byte[] node) {
    try {
      OcdbtCodec.btreeNode(OcdbtCodec.open(node, OcdbtCodec.BTREE_MAGIC, 1 << 20), "", "");
    } catch (MalformedException expected) {
      // the only failure allowed
    }
  }

  @Provide
  Arbitrary<byte[]> manifests() {
    return Mutations.of(FindingAssert.fixture("orbax/benign_ocdbt/manifest.ocdbt"), 0, Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) 0xff, (byte) 0x80, (byte) 0x7f, (byte) 0)));
  }

  @Provide
  Arbitrary<byte[]> dataFiles() {
    return Mutations.of(FindingAssert.fixture("orbax/benign_ocdbt/" + TOP_DATA), 12, Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) 0xff, (byte) 0x80, (byte) 0x01)));
  }

  @Provide
  Arbitrary<byte[]> nodes() {
    return Mutations.of(FindingAssert.fixture("orbax/benign_ocdbt/" + PROC_DATA), 0, Arbitraries.bytes());
  }

  static Path copy(Path from, Path to) {
    Path target = to.resolve(from.getFileName().toString());
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path t = target.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
