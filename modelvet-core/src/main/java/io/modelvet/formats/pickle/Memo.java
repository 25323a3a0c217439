package io.modelvet.formats.pickle;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The pickle memo: slot number to value. Picklers number slots 0, 1, 2... (MEMOIZE uses the memo's
 * size), so keys up to about twice the number of entries live in an array that grows with them;
 * other keys (hand-written PUTs with far-off numbers) go to a map, so a single far key never makes
 * a large array. {@link #size} counts distinct keys, as CPython's memo does.
 */
final class Memo {
  private static final PValue UNKNOWN = new PValue.Opaque("unknown value");

  private PValue[] dense = new PValue[16];
  private Map<Long, PValue> sparse; // made on the first key outside the array
  private int size;

  int size() {
    return size;
  }

  boolean containsKey(long key) {
    return get(key) != null;
  }

  PValue get(long key) {
    if (key >= 0 && key < dense.length && dense[(int) key] != null) return dense[(int) key];
    return sparse == null ? null : sparse.get(key);
  }

  /** Stores {@code v} under {@code key}, replacing what was there. */
  void put(long key, PValue v) {
    if (v == null) v = UNKNOWN;
    if (key >= dense.length && key >= 0 && key <= 2L * size + 16)
      dense = Arrays.copyOf(dense, (int) Math.max(key + 1, 2L * dense.length));
    if (key >= 0 && key < dense.length) {
      int k = (int) key;
      if (dense[k] == null && (sparse == null || sparse.remove(key) == null)) size++;
      dense[k] = v;
      return;
    }
    if (sparse == null) sparse = new HashMap<>();
    if (sparse.put(key, v) == null) size++;
  }
}
