package io.modelvet.formats.pickle;

import io.modelvet.io.SourceReader;
import java.io.IOException;

/** Receives what the {@link PickleMachine} sees while it interprets a stream. */
public interface PickleListener {

  /** A global reference (GLOBAL, STACK_GLOBAL, INST, EXT1/2/4). */
  void global(PValue.Global g);

  /** A STACK_GLOBAL whose operands cannot be resolved statically (wrong type, unknown memo). */
  void opaqueGlobal(long offset, String why);

  /** A call site: REDUCE, NEWOBJ, NEWOBJ_EX, OBJ or INST. */
  void call(PValue.Call call);

  /** A str or bytes operand was read (for payloads hidden in data). */
  default void operand(PValue v) {}

  /** A persistent id (PERSID/BINPERSID) at {@code offset}, resolved by the loader (torch storages). */
  default void persistent(long offset, PValue pid) {}

  /** BUILD of {@code state} into {@code target}. */
  void build(long offset, PValue target, PValue state);

  /** A parse anomaly worth a finding: {@code ruleId} from rules/pickle.json. */
  void anomaly(String ruleId, long offset, String message, String evidence);

  /**
   * Called after each BUILD with the reader positioned right after it. A listener that knows the
   * object is followed by raw bytes written outside the pickle protocol (joblib arrays) consumes
   * them here and returns true; the default consumes nothing.
   */
  default boolean afterBuild(PValue target, SourceReader reader, PickleMachine machine) throws IOException {
    return false;
  }
}
