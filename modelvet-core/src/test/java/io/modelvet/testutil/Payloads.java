package io.modelvet.testutil;

import io.modelvet.report.Severity;
import java.nio.charset.StandardCharsets;

/**
 * Known payloads and the verdict the product promises for them, for tests that nest them in
 * containers: wherever the payload sits, its finding keeps its rule id and severity.
 */
public final class Payloads {
  /** The rule and severity a pickle that calls a denied function must get, at any depth. */
  public static final String DENIED_RULE = "pickle.denied-callable";

  public static final Severity DENIED_SEVERITY = Severity.CRITICAL;

  private Payloads() {}

  /** A protocol-0 pickle: {@code posix.system('echo pwned')} runs when it is loaded. */
  public static byte[] osSystemPickle() {
    return "cposix\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A protocol-2 pickle of plain data ({@code {'a': 1}}): no import, nothing runs. */
  public static byte[] plainPickle() {
    return new byte[] {(byte) 0x80, 2, '}', 'q', 0, 'X', 1, 0, 0, 0, 'a', 'K', 1, 's', '.'};
  }

  /** The bytes {@code torch.save} (legacy, before 1.6) writes ahead of the model pickle. */
  public static byte[] legacyTorchPrefix() {
    return new byte[] {
      (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e, // magic number
      (byte) 0x80, 0x02, 'M', (byte) 0xe9, 0x03, '.', // protocol version 1001
      (byte) 0x80, 0x02, '}', 'q', 0, '.' // sys_info (empty dict)
    };
  }
}
