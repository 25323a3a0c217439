package io.modelvet.formats.text;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Plain UTF-8 text that no model scanner claimed (README, licences, vocabularies). Text is not
 * executed by model loaders; a script with a shebang is reported, since model folders do not need
 * executables. Format-specific text (JSON configs, templates, Python) has its own scanners, which
 * sniff with higher confidence.
 */
public final class TextScanner implements Scanner {
  @Override
  public String format() {
    return "text";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("txt", "md", "csv", "tsv", "vocab");
  }

  @Override
  public int sniff(Head head) {
    return looksLikeText(head.bytes(), head.size() <= head.length()) ? 5 : 0;
  }

  @Override
  public void scan(ScanContext ctx) {
    if (ctx.head().startsWith("#!")) {
      String first = ctx.head().latin1().lines().findFirst().orElse("#!");
      ctx.report("general.embedded-executable", 0, "A script with an interpreter line (" + first.strip() + ") sits among the model files.", first.strip());
    }
  }

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
