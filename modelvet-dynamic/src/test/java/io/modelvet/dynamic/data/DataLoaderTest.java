package io.modelvet.dynamic.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.dynamic.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
  @TempDir Path tmp;

  static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
    String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  @Test
  void readsNumpyWrittenNpz() {
    Dataset d = DataLoader.load(Fixtures.path("digits_test.npz"), new DataSpec(null, List.of("group"), List.of()));
    assertThat(d.rows()).isEqualTo(300);
    assertThat(d.features()).isEqualTo(64);
    assertThat(d.y()).hasSize(300);
    assertThat(d.labelClasses()).isEqualTo(10);
    assertThat(d.sensitive().get("group")).containsOnly("A", "B");
    for (double[] row : d.x()) for (double v : row) assertThat(v).isBetween(0.0, 16.0);
    Dataset u8 = DataLoader.load(Fixtures.path("overfit_members.npz"), new DataSpec("y", List.of(), List.of()));
    assertThat(u8.features()).isEqualTo(64);
  }

  @Test
  void readsDtypesAndFortranOrder() {
    ByteBuffer b = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : new double[] {1, 4, 2, 5, 3, 6}) b.putDouble(v); // Fortran order of [[1,2,3],[4,5,6]]
    NpyArray a = NpyReader.read(npy("<f8", true, "(2, 3)", b.array()), "f");
    assertThat(a.asMatrix()).isDeepEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
    ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(-7).putInt(9);
    assertThat(NpyReader.read(npy(">i4", false, "(2,)", be.array()), "i").values()).containsExactly(-7, 9);
    ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3C00).putShort((short) 0xC000);
    assertThat(NpyReader.read(npy("<f2", false, "(2,)", h.array()), "h").values()).containsExactly(1.0, -2.0);
    assertThat(NpyReader.read(npy("|u1", false, "(2,)", new byte[] {(byte) 255, 3}), "u").values()).containsExactly(255, 3);
  }

  @Test
  void refusesObjectArraysAndLyingHeaders() {
    assertThatThrownBy(() -> NpyReader.read(npy("|O", false, "(1,)", new byte[8]), "o")).hasMessageContaining("pickles");
    assertThatThrownBy(() -> NpyReader.read(npy("<f8", false, "(1000000, 1000)", new byte[8]), "big")).isInstanceOf(DataException.class);
    assertThatThrownBy(() -> NpyReader.read(npy("<f8", false, "(3,)", new byte[16]), "short")).hasMessageContaining("data bytes");
  }

  @Test
  void randomBytesNeverEscapeAsUnexpectedExceptions() {
    SplittableRandom rng = new SplittableRandom(1);
    byte[] valid = npy("<f4", false, "(2, 2)", new byte[16]);
    for (int t = 0; t < 2000; t++) {
      byte[] m = valid.clone();
      for (int k = 0; k < 3; k++) m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
      try {
        NpyReader.read(m, "fuzz");
      } catch (DataException expected) {
        // refusing is fine
      }
    }
  }

  @Test
  void csvUsesAllOtherColumnsAsFeaturesInFileOrder() throws Exception {
    Path f = tmp.resolve("d.csv");
    Files.writeString(f, "a,sex,b,label\n1,f,2,0\n3,m,\"4\",1\n");
    Dataset d = DataLoader.load(f, new DataSpec("label", List.of("sex"), List.of()));
    assertThat(d.featureNames()).containsExactly("a", "b");
    assertThat(d.x()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    assertThat(d.y()).containsExactly(0, 1);
    assertThat(d.sensitive()).containsOnlyKeys("sex");
    Dataset only = DataLoader.load(f, new DataSpec("label", List.of(), List.of("b")));
    assertThat(only.featureNames()).containsExactly("b");
  }

  @Test
  void csvErrorsNameTheProblem() throws Exception {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, "a,b,label\n1,NaN,0\n");
    assertThatThrownBy(() -> DataLoader.load(f, new DataSpec("label", List.of(), List.of()))).hasMessageContaining("line 2").hasMessageContaining("'b'");
    assertThatThrownBy(() -> DataLoader.load(f, new DataSpec("target", List.of(), List.of()))).hasMessageContaining("no target column 'target'");
    Files.writeString(f, "a,label\n1,0.5\n");
    assertThatThrownBy(() -> DataLoader.load(f, new DataSpec("label", List.of(), List.of()))).hasMessageContaining("not a class index");
  }

  @Test
  void npzNamesMissingArrays() {
    assertThatThrownBy(() -> DataLoader.load(Fixtures.path("digits_test.npz"), new DataSpec(null, List.of("sex"), List.of())))
        .hasMessageContaining("no sensitive array 'sex'");
    Map<String, NpyArray> arrays = NpzReader.read(readFixture("digits_test.npz"), "x");
    assertThat(arrays).containsKeys("x", "y", "group");
  }

  static byte[] readFixture(String name) {
    try {
      return Files.readAllBytes(Fixtures.path(name));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
