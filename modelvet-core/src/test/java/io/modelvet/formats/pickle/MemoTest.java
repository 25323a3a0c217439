package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The array-backed memo behaves as a map from slot to value, whatever order and range the keys come in. */
class MemoTest {

  @Provide
  Arbitrary<List<Long>> keys() {
    Arbitrary<Long> key = Arbitraries.oneOf(
        Arbitraries.longs().between(0, 40),
        Arbitraries.longs().between(0, 5_000),
        Arbitraries.longs().between(-3, Long.MAX_VALUE),
        Arbitraries.of(Long.MIN_VALUE, -1L, 4_294_967_295L, 1L << 20, (1L << 20) + 1));
    return key.list().ofMaxSize(300);
  }

  @Property(tries = 500)
  void agreesWithAMap(@ForAll("keys") List<Long> puts, @ForAll("keys") List<Long> probes) {
    Memo memo = new Memo();
    Map<Long, PValue> reference = new HashMap<>();
    int i = 0;
    for (long k : puts) {
      PValue v = new PValue.Int(i++);
      memo.put(k, v);
      reference.put(k, v);
      assertThat(memo.size()).isEqualTo(reference.size());
    }
    for (long k : puts) assertThat(memo.get(k)).isSameAs(reference.get(k));
    for (long k : probes) {
      assertThat(memo.get(k)).isSameAs(reference.get(k));
      assertThat(memo.containsKey(k)).isEqualTo(reference.containsKey(k));
    }
  }

  @Test
  void farKeysDoNotMakeALargeArray() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    Memo memo = new Memo();
    memo.put(1_000_000_000L, new PValue.Int(1));
    memo.put(900_000L, new PValue.Int(2));
    memo.put(4_294_967_295L, new PValue.Int(3));
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated for three far keys").isLessThan(64 * 1024);
    assertThat(memo.size()).isEqualTo(3);
    assertThat(memo.get(900_000L)).isEqualTo(new PValue.Int(2));
    assertThat(memo.get(5)).isNull();
  }

  @Test
  void sequentialMemoizeGrowsTheArray() {
    Memo memo = new Memo();
    for (int k = 0; k < 100_000; k++) memo.put(memo.size(), new PValue.Int(k));
    assertThat(memo.size()).isEqualTo(100_000);
    assertThat(memo.get(99_999)).isEqualTo(new PValue.Int(99_999));
  }
}
