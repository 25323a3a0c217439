package io.modelvet.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes small byte programs from a readable spec: hex bytes and 'quoted' ASCII, space-separated. */
public final class PickleBytes {
  private PickleBytes() {}

  /** {@code of("80 04 8c 02 'os' 2e")}: hex pairs are bytes, quoted text is its ASCII bytes. */
  public static byte[] of(String spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < spec.length()) {
      char c = spec.charAt(i);
      if (c == ' ') {
        i++;
      } else if (c == '\'') {
        int end = spec.indexOf('\'', i + 1);
        out.writeBytes(spec.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
        i = end + 1;
      } else {
        out.write(Integer.parseInt(spec.substring(i, i + 2), 16));
        i += 2;
      }
    }
    return out.toByteArray();
  }
}
