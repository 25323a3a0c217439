package io.modelvet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeBalancedPartitionsTest {

  private static InputFile file(String name, long size) {
    return new InputFile("file:/x/" + name, size, 0);
  }

  private static double load(List<InputFile> part) {
    return part.stream().mapToDouble(SizeBalancedPartitions::cost).sum();
  }

  @Test
  void oneHugeFileGetsAPartitionOfItsOwnAndTheSmallOnesShareTheRest() {
    List<InputFile> files = new ArrayList<>();
    files.add(file("huge.safetensors", 100L << 30)); // 100 GiB: 1 + 1600 units
    for (int i = 0; i < 1000; i++) files.add(file("small-" + i + ".pkl", 10_000));
    List<List<InputFile>> parts = SizeBalancedPartitions.split(files, 4);

    assertThat(parts).hasSize(4);
    List<InputFile> withHuge = parts.stream().filter(p -> p.stream().anyMatch(f -> f.size() > 1L << 30)).findFirst().orElseThrow();
    assertThat(withHuge).hasSize(1);
    assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(1001);
    // The three other partitions share the thousand small files evenly (within one file).
    List<Integer> sizes = parts.stream().filter(p -> p != withHuge).map(List::size).toList();
    assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElseThrow() - sizes.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
  }

  @Test
  void equalFilesAreSpreadEvenlyAndEveryFileIsPlacedOnce() {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < 103; i++) files.add(file("f" + i, 1 << 20));
    List<List<InputFile>> parts = SizeBalancedPartitions.split(files, 8);
    double max = parts.stream().mapToDouble(SizeBalancedPartitionsTest::load).max().orElseThrow();
    double min = parts.stream().mapToDouble(SizeBalancedPartitionsTest::load).min().orElseThrow();
    assertThat(max - min).isLessThanOrEqualTo(SizeBalancedPartitions.cost(files.get(0)) + 1e-9);
    assertThat(parts.stream().flatMap(List::stream).distinct().count()).isEqualTo(103);
  }

  @Test
  void neverMorePartitionsThanFilesAndAtLeastOne() {
    assertThat(SizeBalancedPartitions.split(List.of(file("a", 1), file("b", 2)), 16)).hasSize(2);
    assertThat(SizeBalancedPartitions.split(List.of(), 16)).hasSize(1);
  }
}
