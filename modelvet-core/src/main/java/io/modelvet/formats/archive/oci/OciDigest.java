package io.modelvet.formats.archive.oci;

import io.modelvet.engine.ScanContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams bytes through SHA-256 / SHA-512 in 64 KiB reads, checking the deadline as it goes. */
final class OciDigest {
  private OciDigest() {}

  /** "alg:hex" of everything {@code in} yields. */
  static String of(ScanContext ctx, String alg, InputStream in) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(alg.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    long n = 0;
    for (int r; (r = in.read(buf)) > 0; ) {
      md.update(buf, 0, r);
      if (((n += r) & ((1 << 26) - 1)) < r) ctx.checkDeadline();
    }
    return alg + ":" + HexFormat.of().formatHex(md.digest());
  }
}
