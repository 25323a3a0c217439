package io.modelvet.integrity.signing;

/** Readable names for the key algorithm OIDs people are likely to try. */
final class KeyNames {
  private KeyNames() {}

  static String algorithmName(String oid) {
    switch (oid) {
      case "1.3.101.112":
        return "Ed25519";
      case "1.3.101.113":
        return "Ed448";
      case "1.2.840.113549.1.1.1":
        return "RSA";
      case "1.2.840.10040.4.1":
        return "DSA";
      default:
        return "algorithm " + oid;
    }
  }
}
