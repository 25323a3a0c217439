package io.modelvet.integrity.signing;

import java.util.Optional;

/**
 * The elliptic curves the OpenSSF model-signing key and certificate methods accept, with the hash
 * ECDSA uses for each (P-256 → SHA-256, P-384 → SHA-384, P-521 → SHA-512).
 */
public enum EcCurve {
  P256("P-256", "1.2.840.10045.3.1.7", "secp256r1", "SHA256withECDSA"),
  P384("P-384", "1.3.132.0.34", "secp384r1", "SHA384withECDSA"),
  P521("P-521", "1.3.132.0.35", "secp521r1", "SHA512withECDSA");

  /** OID of {@code id-ecPublicKey}, the SubjectPublicKeyInfo algorithm for EC keys. */
  static final String EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1";

  private final String displayName;
  private final String oid;
  private final String jdkName;
  private final String signatureAlgorithm;

  EcCurve(String displayName, String oid, String jdkName, String signatureAlgorithm) {
    this.displayName = displayName;
    this.oid = oid;
    this.jdkName = jdkName;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  public String displayName() {
    return displayName;
  }

  String oid() {
    return oid;
  }

  String jdkName() {
    return jdkName;
  }

  /** JCA signature algorithm producing DER-encoded ECDSA signatures with this curve's hash. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  static Optional<EcCurve> byOid(String oid) {
    for (EcCurve c : values()) if (c.oid.equals(oid)) return Optional.of(c);
    return Optional.empty();
  }
}
