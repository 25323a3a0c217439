package io.modelvet.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpooledStreamTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31);
    return b;
  }

  @Test
  void shortStreamsStayInMemory() throws IOException {
    try (SpooledStream s = SpooledStream.read(new ByteArrayInputStream(bytes(100)), 1000, 10_000)) {
      assertThat(s.onDisk()).isFalse();
      assertThat(s.readFully(0, 100)).isEqualTo(bytes(100));
    }
  }

  @Test
  void longStreamsGoToAPrivateTempFileThatIsDeleted() throws IOException {
    long before = spools();
    SpooledStream s = SpooledStream.read(new ByteArrayInputStream(bytes(300_000)), 1000, 1_000_000);
    assertThat(s.onDisk()).isTrue();
    assertThat(s.truncated()).isFalse();
    assertThat(s.size()).isEqualTo(300_000);
    assertThat(s.readFully(0, 300_000)).isEqualTo(bytes(300_000));
    assertThat(spools()).isEqualTo(before + 1);
    s.close();
    assertThat(spools()).isEqualTo(before);
  }

  @Test
  void streamsPastTheLimitAreCutAndSaySo() throws IOException {
    try (SpooledStream s = SpooledStream.read(new ByteArrayInputStream(bytes(300_000)), 1000, 200_000)) {
      assertThat(s.truncated()).isTrue();
      assertThat(s.size()).isEqualTo(200_000);
    }
  }

  private static long spools() throws IOException {
    try (Stream<Path> l = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return l.filter(p -> p.getFileName().toString().startsWith("modelvet-stdin-")).count();
    }
  }
}
