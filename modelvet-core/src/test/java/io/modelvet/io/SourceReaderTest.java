package io.modelvet.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SourceReaderTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) i;
    return b;
  }

  @Test
  void readsLittleEndianAndSkipsBySeeking() throws IOException {
    SourceReader r = SourceReader.of(new ArrayByteSource(bytes(200_000)));
    assertThat(r.readU16()).isEqualTo(0x0100);
    r.skip(150_000 - 2);
    assertThat(r.position()).isEqualTo(150_000);
    assertThat(r.readU8()).isEqualTo(150_000 & 0xff);
    assertThat(r.remaining()).isEqualTo(200_000 - 150_001);
  }

  @Test
  void streamsSkipByReading() throws IOException {
    SourceReader r = SourceReader.of(new ByteArrayInputStream(bytes(100_000)));
    r.skip(70_000);
    assertThat(r.readU8()).isEqualTo(70_000 & 0xff);
    assertThatThrownBy(() -> r.skip(50_000)).isInstanceOf(EOFException.class);
  }

  @Test
  void boundedReadsRefuseHostileLengthsWithoutAllocating() {
    SourceReader r = SourceReader.of(new ArrayByteSource(bytes(10)));
    assertThatThrownBy(() -> r.readBytes(Long.MAX_VALUE, 1 << 20)).isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> r.readBytes(20, 1 << 20)).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> r.readBytes(-1, 1 << 20)).isInstanceOf(MalformedException.class);
  }

  @Test
  void slicesAreWindows() throws IOException {
    ByteSource s = new ArrayByteSource(bytes(100)).slice(10, 20);
    assertThat(s.size()).isEqualTo(20);
    assertThat(s.readFully(0, 2)).containsExactly(10, 11);
    assertThatThrownBy(() -> s.readFully(19, 2)).isInstanceOf(EOFException.class);
    assertThat(new ArrayByteSource(bytes(5)).slice(3, 100).size()).isEqualTo(2);
  }

  @Test
  void linesAcrossBufferRefillsAndLimitsAreExact() throws IOException {
    // lines of 0, 1, 5 and 70,000 bytes: the long one spans a refill of the 64 KB buffer
    int[] lengths = {0, 1, 5, 70_000, 3, 65_535, 2};
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (int n : lengths) {
      for (int i = 0; i < n; i++) all.write('a' + i % 26);
      all.write('\n');
    }
    byte[] data = all.toByteArray();
    for (SourceReader r : new SourceReader[] {SourceReader.of(new ArrayByteSource(data)), SourceReader.of(new ByteArrayInputStream(data))}) {
      for (int n : lengths) {
        byte[] line = r.readLine(70_000);
        assertThat(line).hasSize(n);
        if (n > 0) assertThat(line[n - 1]).isEqualTo((byte) ('a' + (n - 1) % 26));
      }
      assertThat(r.atEnd()).isTrue();
    }
    SourceReader tooLong = SourceReader.of(new ArrayByteSource(data));
    tooLong.readLine(10);
    tooLong.readLine(10);
    tooLong.readLine(10);
    assertThatThrownBy(() -> tooLong.readLine(69_999)).isInstanceOf(MalformedException.class);
    SourceReader unterminated = SourceReader.of(new ArrayByteSource("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> unterminated.readLine(100)).isInstanceOf(EOFException.class);
  }
}
