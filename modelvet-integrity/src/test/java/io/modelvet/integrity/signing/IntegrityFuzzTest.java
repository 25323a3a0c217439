package io.modelvet.integrity.signing;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.modelvet.fuzz.FuzzContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Fuzz harnesses (Jazzer) for the readers of untrusted signature files: the Sigstore bundle with its
 * DSSE envelope ({@code model.sig}), the in-toto statement it signs, PEM key and certificate files
 * and the DER structures inside them. Same contract as the model parsers ({@link FuzzContract}):
 * only the documented rejections escape, and allocation stays bounded. Under {@code mvn test} they
 * replay the inputs kept under {@code
 * src/test/resources/io/modelvet/integrity/signing/IntegrityFuzzTestInputs/<harness>/};
 * {@link IntegrityFuzzSeedsTest} replays the seeds; {@code bench/fuzz.sh integrity:<harness>} fuzzes.
 */
class IntegrityFuzzTest {
  private static final List<Class<? extends Exception>> FORMAT = List.of(SignatureFormatException.class);
  private static final List<Class<? extends Exception>> KEYS = List.of(IOException.class, GeneralSecurityException.class);

  /** One scratch file for the PEM readers, which read from a path. */
  private static final Path PEM;

  static {
    try {
      PEM = Files.createTempFile("modelvet-fuzz", ".pem");
      PEM.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A signature bundle (model.sig): JSON, verification material, DSSE envelope, then its payload. */
  @FuzzTest
  @DictionaryFile(resourcePath = "dict/bundle.dict")
  void bundle(byte[] data) {
    FuzzContract.direct(() -> Statement.parse(Bundle.parse(data).payload()), FORMAT);
  }

  /** The signed payload on its own: an in-toto statement with the model-signing predicate. */
  @FuzzTest
  @DictionaryFile(resourcePath = "dict/bundle.dict")
  void statement(byte[] data) {
    FuzzContract.direct(() -> Statement.parse(data), FORMAT);
  }

  /** A PEM file as a private key, a public key and a certificate list. */
  @FuzzTest
  @DictionaryFile(resourcePath = "dict/keys.dict")
  void pem(byte[] data) throws IOException {
    Files.write(PEM, data);
    FuzzContract.direct(() -> PemKeys.readPrivateKey(PEM), KEYS);
    FuzzContract.direct(() -> PemKeys.readPublicKey(PEM), KEYS);
    FuzzContract.direct(() -> PemKeys.readCertificates(PEM), KEYS);
  }

  /** DER bytes as ModelVet's DER reader, a SubjectPublicKeyInfo, a PKCS#8 and a SEC1 private key. */
  @FuzzTest
  @DictionaryFile(resourcePath = "dict/keys.dict")
  void der(byte[] data) {
    List<Class<? extends Exception>> rejected = List.of(GeneralSecurityException.class);
    FuzzContract.direct(() -> Der.parseAll(data), rejected);
    FuzzContract.direct(() -> PublicKeyInfo.fromSpki(data), rejected);
    FuzzContract.direct(() -> PemKeys.fromPkcs8(data), rejected);
    FuzzContract.direct(() -> PemKeys.fromSec1(data), rejected);
  }
}
