package io.modelvet.formats.common;

import io.modelvet.engine.ScanContext;

/**
 * Generic payload checks for any format's free-text fields and unparsed regions: embedded
 * executables (ELF, PE, Mach-O, shebang scripts) and pickles hiding inside other formats.
 */
public final class PayloadChecks {
  private PayloadChecks() {}

  /** Checks a string field (metadata value, config entry). */
  public static void checkString(ScanContext ctx, String value, String where, long offset) {}

  /** Checks an unparsed byte region. */
  public static void checkBytes(ScanContext ctx, byte[] data, String where, long offset) {}
}
