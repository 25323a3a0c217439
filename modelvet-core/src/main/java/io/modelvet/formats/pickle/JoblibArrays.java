package io.modelvet.formats.pickle;

import io.modelvet.formats.pickle.PValue.Call;
import io.modelvet.formats.pickle.PValue.Dict;
import io.modelvet.formats.pickle.PValue.Global;
import io.modelvet.formats.pickle.PValue.Seq;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;

/**
 * joblib writes each NumPy array as a {@code NumpyArrayWrapper} object followed, outside the
 * pickle protocol, by the array's raw bytes (after an alignment-padding byte and padding), or by a
 * separate protocol-2 pickle for object arrays. This computes the byte count from the wrapper's
 * shape and dtype and skips exactly those bytes, or interprets the embedded pickle.
 */
final class JoblibArrays {

  boolean afterBuild(PValue target, SourceReader in, PickleMachine machine, PickleListener listener) throws IOException {
    if (!(target instanceof Call c) || !(c.callee instanceof Global g) || !g.name().equals("NumpyArrayWrapper")
        || !g.module().endsWith("joblib.numpy_pickle") || !(c.state instanceof Dict state)) return false;
    PValue dtype = state.get("dtype");
    long itemSize = itemSize(dtype);
    if (itemSize == 0) { // object array: a nested protocol-2 pickle follows
      PickleMachine.Result r = machine.runEmbedded(in);
      if (r.end() != PickleMachine.End.STOP)
        throw new MalformedException("joblib object array pickle ends early: " + r.message());
      return true;
    }
    if (itemSize < 0) throw new MalformedException("joblib array with a dtype that cannot be sized: " + PseudoCode.render(dtype));
    long count = 1;
    if (!(state.get("shape") instanceof Seq shape) || !shape.complete())
      throw new MalformedException("joblib array without a readable shape");
    for (PValue d : shape.items) {
      if (!(d instanceof PValue.Int n) || n.value() < 0) throw new MalformedException("joblib array shape is not a tuple of sizes");
      count = Math.multiplyExact(count, n.value());
    }
    long bytes = Math.multiplyExact(count, itemSize);
    if (state.get("numpy_array_alignment_bytes") instanceof PValue.Int) {
      int pad = in.readU8();
      in.skip(pad);
    }
    in.skip(bytes);
    return true;
  }

  /** Bytes per element of a reconstructed numpy.dtype, 0 for object, -1 when unknown. */
  static long itemSize(PValue dtype) {
    if (!(dtype instanceof Call c) || !(c.callee instanceof Global g) || !g.name().equals("dtype")) return -1;
    if (!(c.arg(0) instanceof PValue.Str code) || !code.complete()) return -1;
    if (c.state instanceof Seq st && st.items.size() > 5 && st.items.get(5) instanceof PValue.Int el && el.value() > 0)
      return el.value();
    String s = code.text().replaceFirst("^[<>|=]", "");
    if (s.equals("O") || s.startsWith("O")) return 0;
    if (s.isEmpty()) return -1;
    char kind = s.charAt(0);
    String digits = s.substring(1).replaceFirst("\\[.*", "");
    long n;
    try {
      n = digits.isEmpty() ? defaultSize(kind) : Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
    if (n < 0) return -1;
    return kind == 'U' ? n * 4 : n;
  }

  private static long defaultSize(char kind) {
    return switch (kind) {
      case '?', 'b', 'B' -> 1;
      default -> -1;
    };
  }
}
