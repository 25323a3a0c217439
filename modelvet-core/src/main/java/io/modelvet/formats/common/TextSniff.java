package io.modelvet.formats.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Tells text from binary data, for scanners whose formats are text (JSON, YAML, Python, templates). */
public final class TextSniff {
  private TextSniff() {}

  /** UTF-8 without NUL or other control bytes except whitespace; a cut final character is fine. */
  public static boolean looksLikeText(byte[] b, boolean complete) {
    if (b.length == 0) return false;
    for (byte x : b) {
      int c = x & 0xff;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
      if (c == 0x7f) return false;
    }
    int len = b.length;
    if (!complete) {
      // Drop a possibly truncated multi-byte sequence at the end of the head.
      int back = 0;
      while (back < 3 && len - back - 1 >= 0 && (b[len - back - 1] & 0xc0) == 0x80) back++;
      if (len - back - 1 >= 0 && (b[len - back - 1] & 0xc0) == 0xc0) len = len - back - 1;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 0, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
