package io.modelvet.integrity.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.integrity.BundledVectors;
import io.modelvet.testutil.Trees;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.ModelHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruption of a signature or of model bytes never escapes as an exception and never
 * verifies unless what was signed is still exactly what is there.
 */
class HostileInputTest {
  private static final Path V = BundledVectors.root();

  @TempDir Path tmp;

  @Test
  void mutatedSignatureFilesNeverThrowAndNeverAuthenticateOtherContent() throws Exception {
    Path model = tmp.resolve("m");
    Trees.copy(V.resolve("signed/P01-tiny-bert-key-p256-files/tiny-bert"), model);
    Path sig = model.resolve("model.sig");
    byte[] original = Files.readAllBytes(sig);
    byte[] originalPayload = Bundle.parse(original).payload();
    var trust = new ModelVerifier.KeyTrust(PemKeys.readPublicKey(V.resolve("keys/ecdsa-p256.pub.pem")));
    ModelVerifier verifier = new ModelVerifier(new ModelHasher(1));
    Random rnd = new Random(11);
    int verified = 0;
    for (int i = 0; i < 400; i++) {
      byte[] m = original.clone();
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int pos = rnd.nextInt(m.length);
        switch (rnd.nextInt(3)) {
          case 0 -> m[pos] ^= (byte) (1 << rnd.nextInt(8));
          case 1 -> m[pos] = (byte) rnd.nextInt(256);
          default -> m = java.util.Arrays.copyOf(m, pos); // truncate
        }
      }
      Files.write(sig, m);
      VerificationResult r = verifier.verify(model, sig, trust, ModelVerifier.Options.defaults());
      if (r.verified()) {
        verified++;
        // Only harmless edits may pass (hint letter case, unused base64 bits): same signed payload.
        assertThat(Bundle.parse(m).payload()).isEqualTo(originalPayload);
      } else {
        assertThat(r.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message()).isNotBlank());
      }
    }
    assertThat(verified).isLessThan(40);
  }

  @Test
  void everyFlippedModelByteIsDetectedAndNamed() throws Exception {
    Path model = tmp.resolve("m");
    Trees.copy(V.resolve("models/tiny-bert"), model);
    Path sig = tmp.resolve("model.sig");
    ModelHasher hasher = new ModelHasher(2);
    new ModelSigner(hasher).sign(model, sig, PemKeys.readPrivateKey(V.resolve("keys/ecdsa-p256.key.pem")), List.of(), HashingConfig.defaults().withShards(100));
    var trust = new ModelVerifier.KeyTrust(PemKeys.readPublicKey(V.resolve("keys/ecdsa-p256.pub.pem")));
    List<String> files = List.of("model.safetensors", "config.json", "tokenizer/vocab.txt", "README.md");
    Random rnd = new Random(5);
    for (int i = 0; i < 40; i++) {
      String name = files.get(rnd.nextInt(files.size()));
      Path f = model.resolve(name);
      byte[] b = Files.readAllBytes(f);
      int pos = rnd.nextInt(b.length);
      b[pos] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(f, b);
      VerificationResult r = new ModelVerifier(hasher).verify(model, sig, trust, ModelVerifier.Options.defaults());
      assertThat(r.problems()).singleElement().satisfies(p -> {
        assertThat(p.kind()).isEqualTo(ProblemKind.FILE_MODIFIED);
        assertThat(p.path()).isEqualTo(name);
      });
      Files.write(f, restore(b, pos, Files.readAllBytes(V.resolve("models/tiny-bert").resolve(name))));
    }
  }

  private static byte[] restore(byte[] modified, int pos, byte[] pristine) {
    modified[pos] = pristine[pos];
    return modified;
  }
}
