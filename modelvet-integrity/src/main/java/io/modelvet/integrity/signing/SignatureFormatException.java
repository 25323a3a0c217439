package io.modelvet.integrity.signing;

/** A signature file or signed statement that does not follow the OpenSSF model-signing format. */
public final class SignatureFormatException extends Exception {
  public SignatureFormatException(String message) {
    super(message);
  }
}
