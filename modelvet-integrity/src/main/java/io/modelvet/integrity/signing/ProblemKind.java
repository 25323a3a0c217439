package io.modelvet.integrity.signing;

/** What kind of verification failure a {@link Problem} is. */
public enum ProblemKind {
  /** The signature file or signed statement is not in the expected format. */
  MALFORMED,
  /** The bundle's media type is not the v0.3 Sigstore bundle type. */
  MEDIA_TYPE,
  /** The DSSE payload type is not {@code application/vnd.in-toto+json}. */
  PAYLOAD_TYPE,
  /** The key or certificate cannot be used (not EC P-256/384/521, no signing usage). */
  UNSUPPORTED_KEY,
  /** The signature names a different public key than the one given. */
  KEY_MISMATCH,
  /** The ECDSA signature does not verify over the payload. */
  SIGNATURE_INVALID,
  /** The certificate chain does not lead to a trusted root. */
  UNTRUSTED_CERTIFICATE,
  /** The statement's root digest does not match its own resource list. */
  MANIFEST_INCONSISTENT,
  /** A file is present in the model but not covered by the signature. */
  FILE_ADDED,
  /** A signed file is missing from the model. */
  FILE_REMOVED,
  /** A signed file's content differs. */
  FILE_MODIFIED,
  /** The model could not be read (I/O error, symbolic link refused). */
  MODEL_UNREADABLE
}
