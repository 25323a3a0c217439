package io.modelvet.integrity.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An EC public key on one of the accepted curves, with its SubjectPublicKeyInfo DER.
 *
 * @param key the JCA key
 * @param curve its curve
 * @param spki the SubjectPublicKeyInfo DER encoding
 */
public record PublicKeyInfo(ECPublicKey key, EcCurve curve, byte[] spki) {

  /** Parses SubjectPublicKeyInfo DER; anything but an EC key on P-256/P-384/P-521 is refused. */
  public static PublicKeyInfo fromSpki(byte[] spki) throws GeneralSecurityException {
    List<Der.Element> top = Der.parse(spki).children();
    if (top.size() != 2 || top.get(0).tag() != Der.SEQUENCE || top.get(1).tag() != Der.BIT_STRING)
      throw new GeneralSecurityException("not a SubjectPublicKeyInfo structure");
    List<Der.Element> alg = top.get(0).children();
    if (alg.isEmpty() || alg.get(0).tag() != Der.OID) throw new GeneralSecurityException("key algorithm missing");
    EcCurve curve = curveOf(Der.oid(alg.get(0).value()), alg.size() > 1 ? alg.get(1) : null);
    ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    return new PublicKeyInfo(key, curve, spki.clone());
  }

  /** The curve named by an AlgorithmIdentifier; refuses non-EC algorithms and other curves. */
  static EcCurve curveOf(String algorithmOid, Der.Element params) throws GeneralSecurityException {
    if (!EcCurve.EC_PUBLIC_KEY_OID.equals(algorithmOid))
      throw new UnsupportedKeyException(
          "Only elliptic curve keys are supported (this key is " + KeyNames.algorithmName(algorithmOid) + ")");
    if (params == null || params.tag() != Der.OID)
      throw new UnsupportedKeyException("EC key without a named curve is not supported");
    String curveOid = Der.oid(params.value());
    return EcCurve.byOid(curveOid)
        .orElseThrow(
            () -> new UnsupportedKeyException("unsupported elliptic curve " + curveOid + " (supported: P-256, P-384, P-521)"));
  }

  /** The key as PEM text, exactly as {@code openssl pkey -pubout} writes it (64-column base64, LF). */
  public String pem() {
    String b64 = Base64.getEncoder().encodeToString(spki);
    StringBuilder sb = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
    for (int i = 0; i < b64.length(); i += 64) sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    return sb.append("-----END PUBLIC KEY-----\n").toString();
  }

  /**
   * The key hint the reference tool records in {@code verificationMaterial.publicKey.hint}: the
   * lowercase hex SHA-256 of the key's PEM text (not of the DER).
   */
  public String hint() {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(pem().getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
