package io.modelvet.formats.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;

/** The .lzma decoder's dictionary is sized by what the scan reads, not by the header (fuzz finding). */
class LzmaDictionaryTest {

  private static byte[] lzma(byte[] content, int dictionary) throws Exception {
    LZMA2Options options = new LZMA2Options(9);
    options.setDictSize(dictionary);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LZMAOutputStream z = new LZMAOutputStream(out, options, -1)) {
      z.write(content);
    }
    return out.toByteArray();
  }

  @Test
  void aSmallStreamWithAHugeDeclaredDictionaryDecodesWithinTheAllocationBudget() throws Exception {
    byte[] text = "just some text, nothing to see\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    byte[] file = lzma(text, 192 << 20); // xz -9 style: 192 MB declared, unknown size
    FileResult r = HostileScan.check("notes.txt.lzma", file); // asserts < 64 MB allocated
    assertThat(r.format()).isEqualTo("lzma");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }
}
