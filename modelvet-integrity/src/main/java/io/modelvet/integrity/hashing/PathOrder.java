package io.modelvet.integrity.hashing;

import java.util.Comparator;

/**
 * The manifest order of the OpenSSF model-signing format: paths compared component by component
 * (split on {@code /}), each component by Unicode code point. So {@code tokenizer/vocab.txt} sorts
 * before {@code tokenizer.json}, unlike a plain string sort.
 */
public final class PathOrder implements Comparator<String> {
  /** The single instance. */
  public static final PathOrder INSTANCE = new PathOrder();

  private PathOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (true) {
      int ea = a.indexOf('/', i);
      int eb = b.indexOf('/', j);
      if (ea < 0) ea = a.length();
      if (eb < 0) eb = b.length();
      int c = compareCodePoints(a, i, ea, b, j, eb);
      if (c != 0) return c;
      boolean aDone = ea == a.length();
      boolean bDone = eb == b.length();
      if (aDone || bDone) return aDone == bDone ? 0 : (aDone ? -1 : 1);
      i = ea + 1;
      j = eb + 1;
    }
  }

  private static int compareCodePoints(String a, int i, int ea, String b, int j, int eb) {
    while (i < ea && j < eb) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(ea - i, eb - j) == 0 ? 0 : (i < ea ? 1 : -1);
  }
}
