package io.modelvet.integrity.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelvet.integrity.BundledVectors;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.ModelHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysAndFormatTest {
  private static final Path V = BundledVectors.root();

  @Test
  void keyHintIsTheSha256OfThePemText() throws Exception {
    Path pub = V.resolve("keys/ecdsa-p256.pub.pem");
    String fileHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pub)));
    assertThat(PemKeys.readPublicKey(pub).hint())
        .isEqualTo(fileHash)
        .isEqualTo("95956e512cd265b3498af3acf2a1e2da395c9aa2255110b912ea7cd86f83cd99");
  }

  @Test
  void pkcs8AndSec1FormsOfTheSameKeyGiveTheSamePublicKey() throws Exception {
    SigningKey pkcs8 = PemKeys.readPrivateKey(V.resolve("keys/ecdsa-p256.key.pem"));
    SigningKey sec1 = PemKeys.readPrivateKey(V.resolve("keys/ecdsa-p256.sec1.key.pem"));
    String expected = PemKeys.readPublicKey(V.resolve("keys/ecdsa-p256.pub.pem")).hint();
    assertThat(pkcs8.publicKey().hint()).isEqualTo(expected);
    assertThat(sec1.publicKey().hint()).isEqualTo(expected);
    assertThat(PemKeys.readPrivateKey(V.resolve("keys/ecdsa-p384.key.pem")).curve()).isEqualTo(EcCurve.P384);
  }

  @Test
  void publicPointIsDerivedWhenTheKeyFileLacksIt() throws Exception {
    for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      var pair = g.generateKeyPair();
      // The JDK writes PKCS#8 without the optional public key, so it must be computed.
      SigningKey k = PemKeys.fromPkcs8(pair.getPrivate().getEncoded());
      assertThat(k.publicKey().key().getW()).as(curve).isEqualTo(((ECPublicKey) pair.getPublic()).getW());
      assertThat(((ECPrivateKey) k.privateKey()).getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
    }
  }

  @Test
  void ed25519KeysAreRefusedWithTheReferenceMessage() {
    assertThatThrownBy(() -> PemKeys.readPublicKey(V.resolve("keys/ed25519.pub.pem")))
        .isInstanceOf(UnsupportedKeyException.class)
        .hasMessageContaining("Only elliptic curve keys are supported")
        .hasMessageContaining("Ed25519");
    assertThatThrownBy(() -> PemKeys.readPrivateKey(V.resolve("keys/ed25519.key.pem")))
        .isInstanceOf(UnsupportedKeyException.class);
  }

  @Test
  void wrongPemKindIsExplained() {
    assertThatThrownBy(() -> PemKeys.readPublicKey(V.resolve("keys/ecdsa-p256.key.pem")))
        .hasMessageContaining("PUBLIC KEY")
        .hasMessageContaining("PRIVATE KEY");
  }

  @Test
  void paeMatchesTheReferenceBytes() throws Exception {
    byte[] payload = Files.readAllBytes(V.resolve("signed/P01-tiny-bert-key-p256-files/payload.decoded.json"));
    assertThat(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload)).isEqualTo(Files.readAllBytes(V.resolve("expected/P01.pae.bin")));
  }

  @Test
  void ourStatementEqualsTheReferenceStatementAsJson() throws Exception {
    Path model = V.resolve("models/tiny-bert");
    var manifest = new ModelHasher().hash(model, HashingConfig.defaults().withIgnored(List.of("model.sig")));
    byte[] ours = Statement.of("tiny-bert", manifest).toPayload();
    ObjectMapper json = new ObjectMapper();
    JsonNode mine = normalise(json.readTree(ours));
    JsonNode reference = normalise(json.readTree(V.resolve("signed/P01-tiny-bert-key-p256-files/payload.decoded.json").toFile()));
    assertThat(mine).isEqualTo(reference);
    // The layout follows protobuf's MessageToJson: 2-space indent, ASCII, no trailing newline.
    String text = new String(ours, StandardCharsets.US_ASCII);
    assertThat(text).startsWith("{\n  \"_type\": \"https://in-toto.io/Statement/v1\",\n  \"subject\": [\n    {\n");
    assertThat(text).doesNotEndWith("\n");
  }

  @Test
  void nonAsciiNamesAreEscapedLikeTheReference() throws Exception {
    Path model = V.resolve("models/tiny-llm");
    var manifest = new ModelHasher().hash(model, HashingConfig.defaults());
    String text = new String(Statement.of("tiny-llm", manifest).toPayload(), StandardCharsets.US_ASCII);
    assertThat(text).contains("\"notes/r\\u00e9sum\\u00e9.txt\"");
    assertThat(Statement.parse(text.getBytes(StandardCharsets.US_ASCII)).manifest().resources())
        .anyMatch(r -> r.name().equals("notes/résumé.txt"));
  }

  @Test
  void duplicateKeysInTheSignedPayloadAreRejected() {
    byte[] dup = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"_type\":\"x\"}".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Statement.parse(dup)).isInstanceOf(SignatureFormatException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void unknownBundleFieldsAreRejected() throws Exception {
    ObjectNode bundle =
        (ObjectNode) new ObjectMapper().readTree(V.resolve("signed/P01-tiny-bert-key-p256-files/tiny-bert/model.sig").toFile());
    assertThat(Bundle.parse(bundle.toString().getBytes(StandardCharsets.UTF_8)).keyHint()).startsWith("95956e51");
    bundle.put("extra", 1);
    assertThatThrownBy(() -> Bundle.parse(bundle.toString().getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unknown field 'extra'");
  }

  private static JsonNode normalise(JsonNode statement) {
    ArrayNode ignore = (ArrayNode) statement.at("/predicate/serialization/ignore_paths");
    List<String> sorted = new ArrayList<>();
    ignore.forEach(n -> sorted.add(n.asText()));
    sorted.sort(null);
    ignore.removeAll();
    sorted.forEach(ignore::add);
    return statement;
  }
}
