package io.modelvet.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The allocation-free text test against the JDK's strict UTF-8 decoder as the reference. */
class TextBytesTest {

  /** The reference: no control bytes but whitespace, then the JDK decoder in REPORT mode; a cut head may end inside a character. */
  static boolean reference(byte[] b, boolean complete) {
    if (b.length == 0) return false;
    for (byte x : b) {
      int c = x & 0xff;
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7f) return false;
    }
    if (decodes(b, b.length)) return true;
    if (complete) return false;
    // a cut head: valid if some prefix without the last 1-3 bytes decodes and those bytes start a character that could go on
    for (int cut = 1; cut <= 3 && cut < b.length + 1; cut++) {
      int len = b.length - cut;
      if (len < 0) break;
      if (decodes(b, len) && couldContinue(b, len)) return true;
    }
    return false;
  }

  private static boolean decodes(byte[] b, int len) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** True when the bytes from {@code from} to the end are the start of some well-formed character. */
  private static boolean couldContinue(byte[] b, int from) {
    byte[] tail = java.util.Arrays.copyOfRange(b, from, b.length);
    for (int c2 = 0x80; c2 <= 0xbf; c2++)
      for (int c3 = 0x80; c3 <= 0xbf; c3 += 0x3f) {
        byte[] t = java.util.Arrays.copyOf(tail, 4);
        for (int k = tail.length; k < 4; k++) t[k] = (byte) (k == 1 ? c2 : c3);
        for (int n = tail.length + 1; n <= 4; n++) if (decodes(t, n) && new String(t, 0, n, StandardCharsets.UTF_8).codePointCount(0, new String(t, 0, n, StandardCharsets.UTF_8).length()) == 1) return true;
      }
    return false;
  }

  @Provide
  Arbitrary<byte[]> textLike() {
    Arbitrary<byte[]> chars = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(6).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3),
        Arbitraries.of("\n", "\t", "é", "€", "😀", "\u0000", "\u007f").map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}));
    return chars.list().ofMaxSize(12).map(parts -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      parts.forEach(out::writeBytes);
      return out.toByteArray();
    });
  }

  @Property(tries = 3000)
  void agreesWithTheJdkDecoder(@ForAll("textLike") byte[] b, @ForAll boolean complete) {
    assertThat(TextBytes.looksLikeText(b, b.length, complete)).as(java.util.HexFormat.of().formatHex(b) + " complete=" + complete).isEqualTo(reference(b, complete));
  }

  @Test
  void plainCases() {
    assertThat(TextBytes.looksLikeText("import os\n".getBytes(StandardCharsets.UTF_8), 10, true)).isTrue();
    assertThat(TextBytes.looksLikeText(new byte[0], 0, true)).isFalse();
    assertThat(TextBytes.looksLikeText(new byte[] {(byte) 0x80, 2, 'c'}, 3, true)).isFalse();
    byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8);
    assertThat(TextBytes.looksLikeText(euro, euro.length - 1, false)).as("cut head").isTrue();
    assertThat(TextBytes.looksLikeText(euro, euro.length - 1, true)).as("complete file ending inside a character").isFalse();
  }
}
