package io.modelvet.io;

/** Tells text from binary data without allocating: the test every text format's sniffer starts with. */
public final class TextBytes {
  private TextBytes() {}

  /**
   * True for non-empty UTF-8 without NUL, DEL or other control bytes except whitespace (tab, line
   * feed, form feed, carriage return). When {@code complete} is false the bytes are the start of a
   * longer file, and a multi-byte character cut at the end is fine.
   */
  public static boolean looksLikeText(byte[] b, int length, boolean complete) {
    if (length == 0) return false;
    int i = 0;
    while (i < length) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7f) return false;
        i++;
        continue;
      }
      int need; // continuation bytes, with the ranges of the second byte that make a well-formed sequence
      int lo = 0x80, hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) need = 1;
      else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        if (c == 0xe0) lo = 0xa0; // no overlong forms
        if (c == 0xed) hi = 0x9f; // no surrogates
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f; // nothing above U+10FFFF
      } else return false;
      if (i + need >= length) {
        // a sequence running past the end: fine only when the bytes are a cut head and what is there is well-formed
        if (complete) return false;
        for (int k = 1; i + k < length; k++) {
          int d = b[i + k] & 0xff;
          if (k == 1 ? d < lo || d > hi : (d & 0xc0) != 0x80) return false;
        }
        return true;
      }
      int d = b[i + 1] & 0xff;
      if (d < lo || d > hi) return false;
      for (int k = 2; k <= need; k++) if ((b[i + k] & 0xc0) != 0x80) return false;
      i += need + 1;
    }
    return true;
  }
}
