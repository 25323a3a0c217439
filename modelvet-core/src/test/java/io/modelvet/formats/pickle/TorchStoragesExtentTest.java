package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The number of storage elements a tensor view needs: offset + sum((size-1) * stride) + 1. */
class TorchStoragesExtentTest {

  @Test
  void contiguousTransposedAndExpandedViews() {
    assertThat(TorchStorages.extent(0, new long[] {4, 6}, new long[] {6, 1})).isEqualTo(24);
    assertThat(TorchStorages.extent(0, new long[] {6, 4}, new long[] {1, 6})).isEqualTo(24);
    assertThat(TorchStorages.extent(2, new long[] {4}, new long[] {6})).isEqualTo(21);
    assertThat(TorchStorages.extent(0, new long[] {3, 4}, new long[] {0, 0})).isEqualTo(1);
    assertThat(TorchStorages.extent(7, new long[] {}, new long[] {})).isEqualTo(8);
  }

  @Test
  void emptyTensorsNeedNoElementsWhateverTheirOffset() {
    assertThat(TorchStorages.extent(24, new long[] {0}, new long[] {1})).isZero();
    assertThat(TorchStorages.extent(0, new long[] {5, 0}, new long[] {0, 1})).isZero();
  }

  @Test
  void negativeOrOverflowingValuesAreFlagged() {
    assertThat(TorchStorages.extent(-1, new long[] {1}, new long[] {1})).isEqualTo(-1);
    assertThat(TorchStorages.extent(0, new long[] {2}, new long[] {-1})).isEqualTo(-1);
    assertThat(TorchStorages.extent(0, new long[] {-2}, new long[] {1})).isEqualTo(-1);
    assertThat(TorchStorages.extent(0, new long[] {1L << 40, 1L << 40}, new long[] {1L << 30, 1})).isEqualTo(-1);
  }
}
