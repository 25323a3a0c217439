package io.modelvet.integrity.signing;

import java.security.PrivateKey;

/**
 * An EC private key with its public half (needed for the key hint).
 *
 * @param privateKey the JCA private key
 * @param publicKey the matching public key
 */
public record SigningKey(PrivateKey privateKey, PublicKeyInfo publicKey) {
  public EcCurve curve() {
    return publicKey.curve();
  }
}
