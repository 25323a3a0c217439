package io.modelvet.integrity.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.integrity.BundledVectors;
import io.modelvet.testutil.Trees;
import io.modelvet.integrity.hashing.HashAlgorithm;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.ModelHasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model signed by ModelVet verifies in ModelVet, and every tampering is caught and named. */
class RoundTripTest {
  private static final Path V = BundledVectors.root();
  private final ModelHasher hasher = new ModelHasher(2);
  private final ModelSigner signer = new ModelSigner(hasher);
  private final ModelVerifier verifier = new ModelVerifier(hasher);

  @TempDir Path tmp;
  private Path model;
  private Path sig;
  private SigningKey key;
  private ModelVerifier.KeyTrust trust;

  @BeforeEach
  void signACopyOfTinyBert() throws Exception {
    model = tmp.resolve("tiny-bert");
    Trees.copy(V.resolve("models/tiny-bert"), model);
    sig = model.resolve("model.sig");
    key = PemKeys.readPrivateKey(V.resolve("keys/ecdsa-p256.key.pem"));
    trust = new ModelVerifier.KeyTrust(PemKeys.readPublicKey(V.resolve("keys/ecdsa-p256.pub.pem")));
    signer.sign(model, sig, key, List.of(), HashingConfig.defaults());
  }

  @Test
  void signedModelVerifies() throws Exception {
    VerificationResult r = verify();
    assertThat(r.problems()).isEmpty();
    assertThat(r.statement().manifest().config().ignorePaths()).contains("model.sig", ".git", ".gitignore");
    String bundle = Files.readString(sig);
    assertThat(bundle).startsWith("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"").doesNotEndWith("\n");
    assertThat(bundle).contains("\"hint\":\"95956e512cd265b3498af3acf2a1e2da395c9aa2255110b912ea7cd86f83cd99\"");
  }

  @Test
  void oneChangedByteIsReportedWithBothDigests() throws Exception {
    Path f = model.resolve("model.safetensors");
    byte[] b = Files.readAllBytes(f);
    b[1000] ^= 1;
    Files.write(f, b);
    Problem p = single(verify());
    assertThat(p.kind()).isEqualTo(ProblemKind.FILE_MODIFIED);
    assertThat(p.path()).isEqualTo("model.safetensors");
    assertThat(p.expected()).isEqualTo("sha256:faa0848b008fb3a3a23891ee99f52721d84a27d6fa5ab64ba0fbdc2e3acd5aed");
    assertThat(p.actual()).startsWith("sha256:").isNotEqualTo(p.expected());
    assertThat(p.message()).contains("model.safetensors", p.expected().substring(7), p.actual().substring(7));
  }

  @Test
  void addedRemovedAndModifiedFilesAreAllListed() throws Exception {
    Files.writeString(model.resolve("extra.bin"), "new");
    Files.delete(model.resolve("tokenizer/vocab.txt"));
    Files.writeString(model.resolve("config.json"), "{}");
    VerificationResult r = verify();
    assertThat(r.problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ProblemKind.FILE_MODIFIED, "config.json"),
            org.assertj.core.groups.Tuple.tuple(ProblemKind.FILE_ADDED, "extra.bin"),
            org.assertj.core.groups.Tuple.tuple(ProblemKind.FILE_REMOVED, "tokenizer/vocab.txt"));
    assertThat(verifier.verify(model, sig, trust, new ModelVerifier.Options(List.of(), true, true)).problems())
        .extracting(Problem::kind)
        .containsExactly(ProblemKind.FILE_MODIFIED, ProblemKind.FILE_REMOVED);
  }

  @Test
  void removedEmptyFileIsCaughtInFilesMode() throws Exception {
    Files.delete(model.resolve("empty.txt"));
    assertThat(single(verify()).path()).isEqualTo("empty.txt");
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    var other = new ModelVerifier.KeyTrust(PemKeys.readPublicKey(V.resolve("keys/ecdsa-p256-other.pub.pem")));
    assertThat(single(verifier.verify(model, sig, other, ModelVerifier.Options.defaults())).kind()).isEqualTo(ProblemKind.KEY_MISMATCH);
  }

  @Test
  void editedPayloadBreaksTheSignature() throws Exception {
    String bundle = Files.readString(sig);
    String b64 = bundle.replaceAll(".*\"payload\":\"([^\"]+)\".*", "$1");
    String payload = new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
    String edited = payload.replace("faa0848b", "faa0848c");
    assertThat(edited).isNotEqualTo(payload);
    Files.writeString(sig, bundle.replace(b64, Base64.getEncoder().encodeToString(edited.getBytes(StandardCharsets.US_ASCII))));
    assertThat(single(verify()).kind()).isEqualTo(ProblemKind.SIGNATURE_INVALID);
  }

  @Test
  void removingTheHintStillChecksTheSignature() throws Exception {
    Path otherSig = tmp.resolve("other.sig");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    SigningKey otherKey = PemKeys.fromPkcs8(g.generateKeyPair().getPrivate().getEncoded());
    signer.sign(model, otherSig, otherKey, List.of(), HashingConfig.defaults());
    Files.writeString(otherSig, Files.readString(otherSig).replaceAll("\"publicKey\":\\{\"hint\":\"[0-9a-f]+\"}", "\"publicKey\":{}"));
    VerificationResult r = verifier.verify(model, otherSig, trust, ModelVerifier.Options.defaults());
    assertThat(single(r).kind()).isEqualTo(ProblemKind.SIGNATURE_INVALID);
    assertThat(r.warnings()).singleElement().asString().contains("no key hint");
  }

  @Test
  void shardedAndBlake2SignaturesRoundTrip() throws Exception {
    for (HashingConfig cfg :
        List.of(HashingConfig.defaults().withShards(256), HashingConfig.defaults().withAlgorithm(HashAlgorithm.BLAKE2B))) {
      signer.sign(model, sig, key, List.of(), cfg);
      assertThat(verify().problems()).as(cfg.resourceAlgorithm()).isEmpty();
    }
    Path f = model.resolve("model.safetensors");
    byte[] b = Files.readAllBytes(f);
    b[1000] ^= 1;
    Files.write(f, b);
    Problem p = single(verify());
    assertThat(p.path()).isEqualTo("model.safetensors");
    assertThat(p.expected()).startsWith("blake2b:");
  }

  @Test
  void signatureOutsideTheModelAndSingleFileModels() throws Exception {
    Files.delete(sig);
    Path outside = tmp.resolve("outside.sig");
    signer.sign(model, outside, key, List.of(), HashingConfig.defaults());
    assertThat(verifier.verify(model, outside, trust, ModelVerifier.Options.defaults()).problems()).isEmpty();
    // the signature lies outside, so nothing named model.sig is ignored inside the model
    Files.writeString(model.resolve("model.sig"), "x");
    assertThat(single(verifier.verify(model, outside, trust, ModelVerifier.Options.defaults())).path()).isEqualTo("model.sig");

    Path single = model.resolve("model.safetensors");
    Path singleSig = tmp.resolve("single.sig");
    signer.sign(single, singleSig, key, List.of(), HashingConfig.defaults());
    assertThat(verifier.verify(single, singleSig, trust, ModelVerifier.Options.defaults()).problems()).isEmpty();
    Files.write(single, new byte[] {1, 2, 3});
    Problem p = single(verifier.verify(single, singleSig, trust, ModelVerifier.Options.defaults()));
    assertThat(p.kind()).isEqualTo(ProblemKind.FILE_MODIFIED);
    assertThat(p.message()).startsWith("model.safetensors: content changed");
  }

  @Test
  void certificateMethodRoundTripAndTrust() throws Exception {
    SigningKey leafKey = PemKeys.readPrivateKey(V.resolve("keys/pki/signer.key.pem"));
    var chain = new java.util.ArrayList<>(PemKeys.readCertificates(V.resolve("keys/pki/signer.crt.pem")));
    chain.addAll(PemKeys.readCertificates(V.resolve("keys/pki/intermediate-ca.crt.pem")));
    signer.sign(model, sig, leafKey, chain, HashingConfig.defaults());
    var root = new ModelVerifier.CertificateTrust(PemKeys.readCertificates(V.resolve("keys/pki/root-ca.crt.pem")));
    assertThat(verifier.verify(model, sig, root, ModelVerifier.Options.defaults()).problems()).isEmpty();
    var otherRoot = new ModelVerifier.CertificateTrust(PemKeys.readCertificates(V.resolve("keys/pki/other-root-ca.crt.pem")));
    assertThat(single(verifier.verify(model, sig, otherRoot, ModelVerifier.Options.defaults())).kind())
        .isEqualTo(ProblemKind.UNTRUSTED_CERTIFICATE);
    assertThat(single(verifier.verify(model, sig, trust, ModelVerifier.Options.defaults())).kind()).isEqualTo(ProblemKind.KEY_MISMATCH);
  }

  @Test
  void ignoredPathsAreRecordedAndStayIgnoredWhenVerifying() throws Exception {
    assertThat(ModelPaths.ignoreEntry(model, model.resolve("tokenizer").toString())).contains("tokenizer");
    assertThat(ModelPaths.ignoreEntry(model, "tokenizer")).contains("tokenizer");
    assertThat(ModelPaths.ignoreEntry(model, tmp.resolve("elsewhere").toAbsolutePath().toString())).isEmpty();
    signer.sign(model, sig, key, List.of(), HashingConfig.defaults().withIgnored(List.of("tokenizer")));
    Files.writeString(model.resolve("tokenizer/vocab.txt"), "changed");
    Files.writeString(model.resolve("tokenizer/new.txt"), "new");
    VerificationResult r = verify();
    assertThat(r.problems()).isEmpty();
    assertThat(r.statement().manifest().config().ignorePaths()).contains("tokenizer");
    Files.writeString(model.resolve("tokenizer.json"), "changed");
    assertThat(single(verify()).path()).isEqualTo("tokenizer.json");
  }

  @Test
  void garbageSignatureFileIsMalformedNotAnException() throws Exception {
    Files.writeString(sig, "{not json");
    assertThat(single(verify()).kind()).isEqualTo(ProblemKind.MALFORMED);
    Files.writeString(sig, "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}},\"dsseEnvelope\":{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"AAAA\"}]}}");
    assertThat(single(verify()).kind()).isEqualTo(ProblemKind.SIGNATURE_INVALID);
  }

  private VerificationResult verify() throws IOException {
    return verifier.verify(model, sig, trust, ModelVerifier.Options.defaults());
  }

  private static Problem single(VerificationResult r) {
    assertThat(r.verified()).isFalse();
    assertThat(r.problems()).hasSize(1);
    return r.problems().get(0);
  }
}
