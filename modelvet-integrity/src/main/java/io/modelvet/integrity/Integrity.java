package io.modelvet.integrity;

import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.signing.ModelVerifier;
import io.modelvet.integrity.signing.PemKeys;
import io.modelvet.integrity.signing.Problem;
import io.modelvet.integrity.signing.ProblemKind;
import io.modelvet.integrity.signing.UnsupportedKeyException;
import io.modelvet.integrity.signing.VerificationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Library entry point for verification from files on disk, shared by {@code modelvet verify} and
 * {@code modelvet scan --signature}.
 *
 * <pre>{@code
 * VerificationResult r = Integrity.verify(model, model.resolve("model.sig"),
 *     Path.of("publisher.pub.pem"), List.of(), ModelVerifier.Options.defaults(), 0);
 * }</pre>
 */
public final class Integrity {
  /** The reference tool's signature file name. */
  public static final String DEFAULT_SIGNATURE_NAME = "model.sig";

  private Integrity() {}

  /** {@code MODEL/model.sig} for a folder, {@code MODEL.sig} beside a single-file model. */
  public static Path defaultSignaturePath(Path model) {
    if (Files.isDirectory(model)) return model.resolve(DEFAULT_SIGNATURE_NAME);
    return model.resolveSibling(model.getFileName() + ".sig");
  }

  /**
   * Verifies {@code model} against {@code signature}.
   *
   * @param publicKeyPem the signer's public key (key method), or null for the certificate method
   * @param certificateChainPems trust anchors for the certificate method (empty: the JDK's trusted
   *     roots)
   * @param threads hashing threads, or 0 for all cores
   * @throws GeneralSecurityException when a key or certificate file cannot be read (an
   *     unsupported key type is reported as a verification problem instead)
   */
  public static VerificationResult verify(
      Path model, Path signature, Path publicKeyPem, List<Path> certificateChainPems, ModelVerifier.Options options, int threads)
      throws IOException, GeneralSecurityException {
    if (!Files.exists(model)) throw new IOException("no such model file or folder: " + model);
    if (!Files.isRegularFile(signature)) throw new IOException("no such signature file: " + signature);
    ModelVerifier.Trust trust;
    try {
      if (publicKeyPem != null) {
        trust = new ModelVerifier.KeyTrust(PemKeys.readPublicKey(publicKeyPem));
      } else {
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path p : certificateChainPems) anchors.addAll(PemKeys.readCertificates(p));
        trust = new ModelVerifier.CertificateTrust(anchors);
      }
    } catch (UnsupportedKeyException e) {
      return new VerificationResult(List.of(new Problem(ProblemKind.UNSUPPORTED_KEY, null, null, null, e.getMessage())), List.of(), null);
    }
    ModelHasher hasher = threads > 0 ? new ModelHasher(threads) : new ModelHasher();
    return new ModelVerifier(hasher).verify(model, signature, trust, options);
  }
}
