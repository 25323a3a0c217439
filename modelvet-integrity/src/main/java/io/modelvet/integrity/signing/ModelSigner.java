package io.modelvet.integrity.signing;

import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.Manifest;
import io.modelvet.integrity.hashing.ModelHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Signs a model folder (or file) in the OpenSSF model-signing format: hash every file, build the
 * in-toto statement, sign its DSSE PAE with ECDSA and write a Sigstore v0.3 bundle. The result
 * verifies with the reference tool {@code model_signing verify key|certificate}.
 */
public final class ModelSigner {
  private final ModelHasher hasher;

  public ModelSigner(ModelHasher hasher) {
    this.hasher = hasher;
  }

  /**
   * Signs {@code model} and writes the bundle to {@code signatureFile}.
   *
   * @param key the signer's EC private key
   * @param certificateChain empty for the key method; else the signing certificate followed by
   *     any intermediates (written into the bundle in that order)
   * @param config hashing config; the signature file is added to its ignore paths when it lies
   *     inside the model
   * @return the bundle written
   */
  public Bundle sign(Path model, Path signatureFile, SigningKey key, List<X509Certificate> certificateChain, HashingConfig config)
      throws IOException, GeneralSecurityException {
    if (!certificateChain.isEmpty()) {
      PublicKeyInfo certKey = PemKeys.keyOf(certificateChain.get(0));
      if (!Arrays.equals(certKey.spki(), key.publicKey().spki()))
        throw new GeneralSecurityException("the signing certificate does not belong to the private key");
    }
    List<String> ignore = new ArrayList<>();
    ModelPaths.inside(model, signatureFile).ifPresent(ignore::add);
    HashingConfig effective = config.withIgnored(ignore);
    Manifest manifest = hasher.hash(model, effective);
    Path name = model.toAbsolutePath().normalize().getFileName();
    Statement statement = Statement.of(name == null ? "" : name.toString(), manifest);
    byte[] payload = statement.toPayload();
    Signature ecdsa = Signature.getInstance(key.curve().signatureAlgorithm());
    ecdsa.initSign(key.privateKey());
    ecdsa.update(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
    byte[] sig = ecdsa.sign();
    Bundle bundle =
        new Bundle(
            Bundle.MEDIA_TYPE,
            certificateChain.isEmpty() ? key.publicKey().hint() : null,
            certificateChain,
            payload,
            Dsse.IN_TOTO_PAYLOAD_TYPE,
            sig);
    Path parent = signatureFile.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.write(signatureFile, bundle.toJson());
    return bundle;
  }
}
