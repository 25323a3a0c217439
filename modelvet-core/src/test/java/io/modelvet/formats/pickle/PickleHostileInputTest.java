package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.testutil.Scans;
import io.modelvet.engine.Budgets;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated pickles never make an exception escape the scan, and expansion attacks end
 * within the budgets instead of exhausting memory or time.
 */
class PickleHostileInputTest {
  private static final String[] SEEDS = {
    "benign/numpy_array_p4.pkl", "benign/sklearn_forest.pkl", "benign/torch_state_dict_legacy.pt",
    "benign/pandas_frame_p5.pkl", "benign/joblib_arrays.joblib", "benign/joblib_pipeline_z3.joblib",
    "benign/sklearn_logreg_p0.pkl", "benign/stdlib_values_p2.pkl"
  };

  /** Scans and checks that no scanner bug surfaced (the engine reports escaped runtime errors as "analysis failed"). */
  private static List<FileResult> scan(byte[] bytes) {
    ScanOptions opts = ScanOptions.defaults().withThreads(1);
    List<FileResult> r = new ScanEngine(ScannerRegistry.defaults(), opts).scan("x.pkl", new ArrayByteSource(bytes));
    for (FileResult f : r)
      assertThat(f.inconclusiveReason() == null ? "" : f.inconclusiveReason()).as(f.path()).doesNotStartWith("analysis failed");
    return r;
  }

  @Property(tries = 300)
  void randomBytesWithAPickleHeaderNeverThrow(@ForAll @Size(max = 2000) byte[] body, @ForAll("protocols") int protocol) {
    byte[] bytes = new byte[body.length + 2];
    bytes[0] = (byte) 0x80;
    bytes[1] = (byte) protocol;
    System.arraycopy(body, 0, bytes, 2, body.length);
    List<FileResult> r = scan(bytes);
    assertThat(r).isNotEmpty();
    assertThat(r.get(0).path()).isEqualTo("x.pkl");
  }

  @Property(tries = 300)
  void mutatedRealPicklesNeverThrow(@ForAll("seeds") String seed, @ForAll("mutations") List<Integer> mutations) {
    byte[] bytes = Scans.resource("pickle/" + seed).clone();
    for (int i = 0; i + 1 < mutations.size(); i += 2) {
      int pos = Math.floorMod(mutations.get(i), bytes.length);
      bytes[pos] = (byte) (int) mutations.get(i + 1);
    }
    List<FileResult> r = scan(bytes);
    assertThat(r).isNotEmpty();
  }

  @Property(tries = 100)
  void truncatedRealPicklesNeverThrow(@ForAll("seeds") String seed, @ForAll int cut) {
    byte[] full = Scans.resource("pickle/" + seed);
    int n = Math.floorMod(cut, full.length);
    List<FileResult> r = scan(java.util.Arrays.copyOf(full, n));
    assertThat(r).isNotEmpty();
  }

  @Provide
  Arbitrary<Integer> protocols() {
    return Arbitraries.integers().between(0, 6);
  }

  @Provide
  Arbitrary<String> seeds() {
    return Arbitraries.of(SEEDS);
  }

  @Provide
  Arbitrary<List<Integer>> mutations() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(2).ofMaxSize(16);
  }

  @Test
  void dupAndGetExpansionEndsAtTheOpcodeBudgetWithoutCopying() {
    // a list appended to itself through the memo, then DUP/APPEND a million times
    PickleWriter w = PickleWriter.proto(4).emptyList().binput(0);
    for (int i = 0; i < 200_000; i++) w.binget(0).append();
    byte[] bytes = w.stop().bytes();
    Budgets small = new Budgets(4, 100, 1 << 20, 10, 1 << 20, 100_000, 1000, 1000, 50, 1 << 16, Duration.ofSeconds(20));
    List<FileResult> r = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1).withBudgets(small))
        .scan("bomb.pkl", new ArrayByteSource(bytes));
    assertThat(r.get(0).inconclusiveReason()).contains("opcodes");
    assertThat(r.get(0).findings()).extracting(f -> f.ruleId()).contains("pickle.budget");
  }

  @Test
  void stackAndMemoBudgetsHold() {
    PickleWriter deep = PickleWriter.proto(4);
    for (int i = 0; i < 5000; i++) deep.mark();
    Budgets small = new Budgets(4, 100, 1 << 20, 10, 1 << 20, 1_000_000, 1000, 100, 50, 1 << 16, Duration.ofSeconds(20));
    ScanOptions opts = ScanOptions.defaults().withThreads(1).withBudgets(small);
    List<FileResult> r = new ScanEngine(ScannerRegistry.defaults(), opts).scan("deep.pkl", new ArrayByteSource(deep.stop().bytes()));
    assertThat(r.get(0).inconclusiveReason()).contains("stack");
    PickleWriter memo = PickleWriter.proto(4).none();
    for (int i = 0; i < 500; i++) memo.op('r').raw(new byte[] {(byte) i, (byte) (i >> 8), 0, 0});
    List<FileResult> m = new ScanEngine(ScannerRegistry.defaults(), opts).scan("memo.pkl", new ArrayByteSource(memo.stop().bytes()));
    assertThat(m.get(0).inconclusiveReason()).contains("memo");
  }

  @Test
  void lyingLengthFieldsDoNotAllocate() {
    byte[] bytes = PickleWriter.proto(4).bytes8Header(Long.MAX_VALUE / 2).raw("tiny").bytes();
    List<FileResult> r = scan(bytes);
    assertThat(r.get(0).verdict()).isEqualTo(io.modelvet.report.Verdict.INCONCLUSIVE);
  }
}
