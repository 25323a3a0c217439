package io.modelvet.integrity.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Blake2bTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc7693AppendixAVector() {
    Blake2b b = new Blake2b();
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    b.update(abc, 0, abc.length);
    assertThat(HEX.formatHex(b.digest()))
        .isEqualTo(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  }

  @Test
  void emptyInput() {
    assertThat(HEX.formatHex(new Blake2b().digest()))
        .isEqualTo(
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
  }

  @Test
  void matchesPythonHashlibAcrossBlockBoundaries() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/blake2b/vectors.txt"));
    int checked = 0;
    for (String line : lines) {
      if (line.startsWith("#")) continue;
      String[] f = line.split(" ");
      byte[] data = pattern(Integer.parseInt(f[0]));
      Blake2b b = new Blake2b();
      b.update(data, 0, data.length);
      assertThat(HEX.formatHex(b.digest())).as("length %s", f[0]).isEqualTo(f[1]);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(10);
  }

  @Test
  void anySplitIntoUpdatesGivesTheSameDigest() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      byte[] data = new byte[rnd.nextInt(2000)];
      rnd.nextBytes(data);
      Blake2b whole = new Blake2b();
      whole.update(data, 0, data.length);
      byte[] expected = whole.digest();
      Blake2b parts = new Blake2b();
      int off = 0;
      while (off < data.length) {
        int n = Math.min(data.length - off, rnd.nextInt(300));
        if (rnd.nextBoolean()) {
          ByteBuffer direct = ByteBuffer.allocateDirect(n);
          direct.put(data, off, n).flip();
          parts.update(direct);
        } else {
          parts.update(data, off, n);
        }
        off += n;
      }
      assertThat(parts.digest()).isEqualTo(expected);
    }
  }

  @Test
  void digestResetsTheState() {
    Blake2b b = new Blake2b();
    b.update(new byte[] {1, 2, 3}, 0, 3);
    b.digest();
    assertThat(HEX.formatHex(b.digest())).startsWith("786a02f7");
  }

  static byte[] pattern(int n) {
    byte[] d = new byte[n];
    for (int i = 0; i < n; i++) d[i] = (byte) (i % 251);
    return d;
  }
}
