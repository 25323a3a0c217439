package io.modelvet.integrity.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM keys and certificates with the JDK only: PKCS#8 ({@code PRIVATE KEY}) and SEC1 ({@code
 * EC PRIVATE KEY}) private keys, SubjectPublicKeyInfo ({@code PUBLIC KEY}) public keys and X.509
 * certificates. Only EC keys on P-256, P-384 and P-521 are accepted, as in the OpenSSF
 * model-signing format; anything else fails with {@link UnsupportedKeyException}.
 */
public final class PemKeys {
  /** PEM files are small; refuse anything larger before reading it. */
  private static final long MAX_PEM_BYTES = 1 << 20;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private PemKeys() {}

  /** One PEM block: its label ({@code PRIVATE KEY}) and decoded bytes. */
  record Block(String label, byte[] der) {}

  /** Loads an EC private key (PKCS#8 or SEC1 PEM) and derives its public key. */
  public static SigningKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
    Block b = single(pem, "PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY");
    switch (b.label()) {
      case "PRIVATE KEY":
        return fromPkcs8(b.der());
      case "EC PRIVATE KEY":
        return fromSec1(b.der());
      case "ENCRYPTED PRIVATE KEY":
        throw new GeneralSecurityException(pem + ": encrypted private keys are not supported; decrypt it first (openssl pkey -in KEY -out PLAIN)");
      default:
        throw new UnsupportedKeyException("Only elliptic curve keys are supported (" + pem + " is an RSA key)");
    }
  }

  /** Loads an EC public key (SubjectPublicKeyInfo PEM). */
  public static PublicKeyInfo readPublicKey(Path pem) throws IOException, GeneralSecurityException {
    return PublicKeyInfo.fromSpki(single(pem, "PUBLIC KEY").der());
  }

  /** Loads every certificate in a PEM file, in file order. */
  public static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : blocks(pem)) {
      if (b.label().equals("CERTIFICATE"))
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
    }
    if (out.isEmpty()) throw new GeneralSecurityException(pem + ": no CERTIFICATE block found");
    return out;
  }

  /** The key of a certificate, checked to be EC on an accepted curve. */
  public static PublicKeyInfo keyOf(X509Certificate cert) throws GeneralSecurityException {
    return PublicKeyInfo.fromSpki(cert.getPublicKey().getEncoded());
  }

  static SigningKey fromPkcs8(byte[] der) throws GeneralSecurityException {
    List<Der.Element> top = Der.parse(der).children();
    if (top.size() < 3 || top.get(1).tag() != Der.SEQUENCE || top.get(2).tag() != Der.OCTET_STRING)
      throw new GeneralSecurityException("not a PKCS#8 private key");
    List<Der.Element> alg = top.get(1).children();
    if (alg.isEmpty() || alg.get(0).tag() != Der.OID) throw new GeneralSecurityException("key algorithm missing");
    EcCurve curve = PublicKeyInfo.curveOf(Der.oid(alg.get(0).value()), alg.size() > 1 ? alg.get(1) : null);
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    byte[] point = embeddedPublicPoint(top.get(2).value());
    return new SigningKey(key, publicKey(curve, (ECPrivateKey) key, point));
  }

  static SigningKey fromSec1(byte[] der) throws GeneralSecurityException {
    List<Der.Element> fields = Der.parse(der).children();
    Der.Element params = null;
    for (Der.Element e : fields) if (e.tag() == 0xA0) params = Der.parse(e.value());
    if (params == null) throw new UnsupportedKeyException("SEC1 EC key without a named curve is not supported");
    EcCurve curve = PublicKeyInfo.curveOf(EcCurve.EC_PUBLIC_KEY_OID, params);
    // PKCS#8 wrapping: SEQUENCE { INTEGER 0, AlgorithmIdentifier { ecPublicKey, curve }, OCTET STRING sec1 }
    byte[] pkcs8 =
        Der.encode(
            Der.SEQUENCE,
            Der.encode(Der.INTEGER, new byte[] {0}),
            Der.encode(Der.SEQUENCE, Der.encodeOid(EcCurve.EC_PUBLIC_KEY_OID), Der.encodeOid(curve.oid())),
            Der.encode(Der.OCTET_STRING, der));
    return fromPkcs8(pkcs8);
  }

  /** The public point stored in a SEC1 ECPrivateKey's optional {@code [1]} field, or null. */
  private static byte[] embeddedPublicPoint(byte[] sec1) throws GeneralSecurityException {
    for (Der.Element e : Der.parse(sec1).children()) {
      if (e.tag() == 0xA1) {
        Der.Element bits = Der.parse(e.value());
        if (bits.tag() != Der.BIT_STRING || bits.value().length < 2 || bits.value()[0] != 0)
          throw new GeneralSecurityException("malformed public key in the private key");
        return java.util.Arrays.copyOfRange(bits.value(), 1, bits.value().length);
      }
    }
    return null;
  }

  private static PublicKeyInfo publicKey(EcCurve curve, ECPrivateKey key, byte[] point) throws GeneralSecurityException {
    if (point == null || point[0] != 0x04) point = uncompressed(multiplyGenerator(key.getS(), key.getParams()), key.getParams());
    byte[] spki =
        Der.encode(
            Der.SEQUENCE,
            Der.encode(Der.SEQUENCE, Der.encodeOid(EcCurve.EC_PUBLIC_KEY_OID), Der.encodeOid(curve.oid())),
            Der.encode(Der.BIT_STRING, concat(new byte[] {0}, point)));
    return PublicKeyInfo.fromSpki(spki);
  }

  /** {@code d * G} in affine coordinates (only used when the key file does not carry the public point). */
  static ECPoint multiplyGenerator(BigInteger d, ECParameterSpec spec) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger a = spec.getCurve().getA();
    ECPoint result = ECPoint.POINT_INFINITY;
    ECPoint addend = spec.getGenerator();
    for (int i = 0; i < d.bitLength(); i++) {
      if (d.testBit(i)) result = add(result, addend, p, a);
      addend = add(addend, addend, p, a);
    }
    return result;
  }

  private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
    if (s.equals(ECPoint.POINT_INFINITY)) return t;
    if (t.equals(ECPoint.POINT_INFINITY)) return s;
    BigInteger lambda;
    if (s.getAffineX().equals(t.getAffineX())) {
      if (!s.getAffineY().equals(t.getAffineY()) || s.getAffineY().signum() == 0) return ECPoint.POINT_INFINITY;
      BigInteger x2 = s.getAffineX().pow(2).multiply(BigInteger.valueOf(3)).add(a);
      lambda = x2.multiply(s.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
    } else {
      lambda =
          t.getAffineY().subtract(s.getAffineY()).multiply(t.getAffineX().subtract(s.getAffineX()).modInverse(p)).mod(p);
    }
    BigInteger x = lambda.pow(2).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
    BigInteger y = lambda.multiply(s.getAffineX().subtract(x)).subtract(s.getAffineY()).mod(p);
    return new ECPoint(x, y);
  }

  private static byte[] uncompressed(ECPoint q, ECParameterSpec spec) {
    int n = (spec.getCurve().getField().getFieldSize() + 7) / 8;
    byte[] out = new byte[1 + 2 * n];
    out[0] = 0x04;
    copyFixed(q.getAffineX(), out, 1, n);
    copyFixed(q.getAffineY(), out, 1 + n, n);
    return out;
  }

  private static void copyFixed(BigInteger v, byte[] out, int off, int n) {
    byte[] b = v.toByteArray();
    int skip = b.length > n ? b.length - n : 0;
    System.arraycopy(b, skip, out, off + n - (b.length - skip), b.length - skip);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Block single(Path pem, String... labels) throws IOException, GeneralSecurityException {
    List<Block> found = new ArrayList<>();
    for (Block b : blocks(pem)) for (String l : labels) if (b.label().equals(l)) found.add(b);
    if (found.size() != 1) {
      String what = String.join(" or ", labels);
      throw new GeneralSecurityException(
          pem + ": expected exactly one PEM block " + what + ", found " + found.size()
              + (found.isEmpty() ? describe(blocks(pem)) : ""));
    }
    return found.get(0);
  }

  private static String describe(List<Block> blocks) {
    if (blocks.isEmpty()) return " (no PEM data)";
    List<String> labels = new ArrayList<>();
    for (Block b : blocks) labels.add(b.label());
    return " (the file holds " + String.join(", ", labels) + ")";
  }

  static List<Block> blocks(Path pem) throws IOException, GeneralSecurityException {
    if (Files.size(pem) > MAX_PEM_BYTES) throw new GeneralSecurityException(pem + ": too large for a PEM key file");
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new GeneralSecurityException(pem + ": bad base64 in PEM block " + m.group(1), e);
      }
    }
    return out;
  }
}
