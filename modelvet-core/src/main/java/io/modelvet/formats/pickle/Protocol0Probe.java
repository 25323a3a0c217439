package io.modelvet.formats.pickle;

import io.modelvet.engine.Budgets;
import io.modelvet.io.ArrayByteSource;
import java.io.IOException;
import java.time.Duration;

/**
 * Recognises protocol 0/1 pickles, which have no header: interprets up to 256 opcodes of a sample
 * with a silent listener and accepts the sample when they parse.
 */
final class Protocol0Probe {
  private static final Budgets PROBE = new Budgets(1, 1, 0, 1, 0, 256, 256, 256, 16, 4096, Duration.ofSeconds(1));

  private static final PickleListener SILENT = new PickleListener() {
    @Override
    public void global(PValue.Global g) {}

    @Override
    public void opaqueGlobal(long offset, String why) {}

    @Override
    public void call(PValue.Call call) {}

    @Override
    public void build(long offset, PValue target, PValue state) {}

    @Override
    public void anomaly(String ruleId, long offset, String message, String evidence) {}
  };

  private Protocol0Probe() {}

  static boolean probe(byte[] d, int from) {
    int len = Math.min(d.length - from, 4096);
    try {
      PickleMachine m = new PickleMachine(new ArrayByteSource(d, from, len), PROBE, SILENT, () -> {});
      PickleMachine.Result r = m.run(0);
      return switch (r.end()) {
        case STOP -> r.ops() >= 2;
        case TRUNCATED -> r.ops() >= 4;
        case MALFORMED -> false;
      };
    } catch (io.modelvet.engine.BudgetExceededException e) {
      return true; // 256 opcodes parsed without an error
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
