package io.modelvet.integrity.signing;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** The few DER (ASN.1) reading and writing steps that key handling needs; bounded and strict. */
final class Der {
  static final int SEQUENCE = 0x30;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;

  /** One TLV element: its tag and the bytes of its value. */
  record Element(int tag, byte[] value) {
    /** The children of a constructed element (SEQUENCE or explicit context tag). */
    List<Element> children() throws GeneralSecurityException {
      return parseAll(value);
    }
  }

  private Der() {}

  /** Parses exactly one element filling {@code der}. */
  static Element parse(byte[] der) throws GeneralSecurityException {
    List<Element> all = parseAll(der);
    if (all.size() != 1) throw new GeneralSecurityException("expected one DER element, found " + all.size());
    return all.get(0);
  }

  /** Parses consecutive elements filling {@code der}. */
  static List<Element> parseAll(byte[] der) throws GeneralSecurityException {
    List<Element> out = new ArrayList<>();
    int pos = 0;
    while (pos < der.length) {
      if (out.size() > 64) throw new GeneralSecurityException("too many DER elements");
      int tag = der[pos++] & 0xFF;
      if ((tag & 0x1F) == 0x1F) throw new GeneralSecurityException("multi-byte DER tags are not supported");
      if (pos >= der.length) throw new GeneralSecurityException("truncated DER length");
      int first = der[pos++] & 0xFF;
      long len;
      if (first < 0x80) {
        len = first;
      } else {
        int n = first & 0x7F;
        if (n == 0 || n > 3) throw new GeneralSecurityException("unsupported DER length form");
        len = 0;
        for (int i = 0; i < n; i++) {
          if (pos >= der.length) throw new GeneralSecurityException("truncated DER length");
          len = (len << 8) | (der[pos++] & 0xFF);
        }
      }
      if (len > der.length - pos) throw new GeneralSecurityException("DER length runs past the end");
      byte[] value = java.util.Arrays.copyOfRange(der, pos, pos + (int) len);
      pos += (int) len;
      out.add(new Element(tag, value));
    }
    return out;
  }

  static byte[] encode(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) body.writeBytes(p);
    byte[] value = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** Dotted form of an OID value, e.g. {@code 1.2.840.10045.2.1}. */
  static String oid(byte[] value) throws GeneralSecurityException {
    if (value.length == 0 || value.length > 64) throw new GeneralSecurityException("bad OID length");
    StringBuilder sb = new StringBuilder();
    long acc = 0;
    boolean first = true;
    for (byte b : value) {
      acc = (acc << 7) | (b & 0x7F);
      if (acc > (1L << 40)) throw new GeneralSecurityException("OID arc too large");
      if ((b & 0x80) == 0) {
        if (first) {
          int top = acc < 40 ? 0 : acc < 80 ? 1 : 2;
          sb.append(top).append('.').append(acc - 40L * top);
          first = false;
        } else {
          sb.append('.').append(acc);
        }
        acc = 0;
      }
    }
    if (!first && acc != 0) throw new GeneralSecurityException("truncated OID");
    return sb.toString();
  }

  /** DER encoding of a dotted OID. */
  static byte[] encodeOid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeBase128(body, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) writeBase128(body, Long.parseLong(arcs[i]));
    return encode(OID, body.toByteArray());
  }

  private static void writeBase128(ByteArrayOutputStream out, long v) {
    int groups = 1;
    for (long t = v >>> 7; t != 0; t >>>= 7) groups++;
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((v >>> (7 * g)) & 0x7F);
      out.write(g == 0 ? b : b | 0x80);
    }
  }
}
