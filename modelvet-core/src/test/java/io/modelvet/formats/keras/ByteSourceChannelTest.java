package io.modelvet.formats.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.Scanner;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ByteSourceChannelTest {

  /** Runs {@code body} with a channel over 1,000 bytes whose metadata cap is {@code cap}. */
  private static FileResult run(long cap, ChannelBody body) {
    Scanner probe =
        new Scanner() {
          @Override
          public String format() {
            return "probe";
          }

          @Override
          public int sniff(Head head) {
            return 100;
          }

          @Override
          public void scan(ScanContext ctx) throws IOException {
            body.run(KerasH5Scanner.metadataChannel(ctx, cap));
          }
        };
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) i;
    return new ScanEngine(List.of(probe), ScanOptions.defaults().withThreads(1)).scan("x.h5", new ArrayByteSource(data)).get(0);
  }

  interface ChannelBody {
    void run(io.modelvet.io.ByteSourceChannel ch) throws IOException;
  }

  @Test
  void readsFillTheBufferAtTheRequestedPosition() {
    AtomicReference<ByteBuffer> seen = new AtomicReference<>();
    FileResult r =
        run(10_000, ch -> {
          ch.position(998);
          ByteBuffer b = ByteBuffer.allocate(10);
          assertThat(ch.read(b)).isEqualTo(2);
          assertThat(ch.read(ByteBuffer.allocate(4))).isEqualTo(-1);
          ch.position(10);
          ByteBuffer c = ByteBuffer.allocate(300);
          assertThat(ch.read(c)).isEqualTo(300);
          seen.set(c);
        });
    assertThat(r.inconclusiveReason()).isNull();
    assertThat(seen.get().get(0)).isEqualTo((byte) 10);
    assertThat(seen.get().get(299)).isEqualTo((byte) 309);
  }

  @Test
  void readingPastTheMetadataCapStopsTheScanAsABudget() {
    FileResult r =
        run(500, ch -> {
          for (int i = 0; i < 10; i++) {
            ch.position(0);
            ch.read(ByteBuffer.allocate(100));
          }
        });
    assertThat(r.inconclusiveReason()).startsWith("budget exceeded").contains("HDF5 metadata");
  }

  @Test
  void aBufferLargerThanTheRestOfTheFileCountsWithItsFullSize() {
    // the reader allocated 600 bytes for a structure whose length field lies; 100 remain in the file
    FileResult r =
        run(500, ch -> {
          ch.position(900);
          ch.read(ByteBuffer.allocate(600));
        });
    assertThat(r.inconclusiveReason()).startsWith("budget exceeded").contains("HDF5 metadata");
  }

  @Test
  void directBuffersAreFilledThroughTheCopyBuffer() {
    AtomicReference<ByteBuffer> seen = new AtomicReference<>();
    FileResult r =
        run(10_000, ch -> {
          ch.position(5);
          ByteBuffer b = ByteBuffer.allocateDirect(20);
          assertThat(ch.read(b)).isEqualTo(20);
          seen.set(b);
        });
    assertThat(r.inconclusiveReason()).isNull();
    assertThat(seen.get().get(0)).isEqualTo((byte) 5);
    assertThat(seen.get().get(19)).isEqualTo((byte) 24);
  }

  @Test
  void smallFilesGetASmallerMetadataCap() {
    assertThat(KerasH5Scanner.metadataCap(13_076)).isEqualTo((4L << 20) + 64 * 13_076);
    assertThat(KerasH5Scanner.metadataCap(10L << 30)).isEqualTo(KerasH5Scanner.MAX_METADATA_BYTES);
  }

  @Test
  void hdf5RegionsAreCheckedAgainstTheFileBeforeABufferIsMade() {
    AtomicReference<ByteBuffer> seen = new AtomicReference<>();
    FileResult r =
        run(10_000, ch -> {
          Hdf5Channel h5 = new Hdf5Channel(ch);
          seen.set(h5.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 990, 10));
          assertThatThrownBy(() -> h5.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 990, 1 << 30))
              .isInstanceOf(java.io.UncheckedIOException.class)
              .hasCauseInstanceOf(io.modelvet.io.MalformedException.class)
              .hasMessageContaining("past the end of the file");
        });
    assertThat(r.inconclusiveReason()).isNull();
    assertThat(seen.get().remaining()).isEqualTo(10);
    assertThat(seen.get().get(0)).isEqualTo((byte) 990);
  }

  @Test
  void aBudgetFailureInsideAnHdf5RegionStaysUncheckedSoJhdfCannotFallBack() {
    // jHDF takes an IOException from map() for "cannot map" and would allocate later regions itself
    FileResult r =
        run(500, ch -> {
          Hdf5Channel h5 = new Hdf5Channel(ch);
          assertThatThrownBy(() -> h5.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, 600))
              .isInstanceOf(java.io.UncheckedIOException.class)
              .hasCauseInstanceOf(io.modelvet.engine.BudgetExceededException.class);
        });
    assertThat(r.inconclusiveReason()).isNull();
  }
}
