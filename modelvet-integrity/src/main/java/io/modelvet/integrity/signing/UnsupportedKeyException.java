package io.modelvet.integrity.signing;

import java.security.GeneralSecurityException;

/** A key or certificate that the OpenSSF model-signing format cannot use (e.g. Ed25519, RSA). */
public final class UnsupportedKeyException extends GeneralSecurityException {
  public UnsupportedKeyException(String message) {
    super(message);
  }
}
