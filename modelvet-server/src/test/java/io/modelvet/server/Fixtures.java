package io.modelvet.server;

import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.signing.ModelSigner;
import io.modelvet.integrity.signing.PemKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small model files made in the test: a pickle that runs a command on load, a clean safetensors file. */
final class Fixtures {
  /** Test-only keys of modelvet-integrity's test vectors. */
  static final Path KEYS = Path.of("../modelvet-integrity/src/test/resources/vectors/keys");
  static final Path PUBLIC_KEY = KEYS.resolve("ecdsa-p256.pub.pem");

  private Fixtures() {}

  /** Signs a model file or folder in the OpenSSF model-signing format with the test key (the integrity module's signer). */
  static void sign(Path model, Path signature) throws Exception {
    new ModelSigner(new ModelHasher(1)).sign(model, signature, PemKeys.readPrivateKey(KEYS.resolve("ecdsa-p256.key.pem")), List.of(), HashingConfig.defaults());
  }

  /** Protocol-0 pickle calling {@code os.system(command)} when loaded. */
  static byte[] maliciousPickle(String command) {
    return ("cos\nsystem\n(S'" + command + "'\ntR.").getBytes(StandardCharsets.US_ASCII);
  }

  /** A valid safetensors file with one F32 tensor of {@code n} values (content varies with {@code seed}). */
  static byte[] safetensors(int n, int seed) {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[0," + (4 * n) + "]}}";
    while ((8 + header.length()) % 8 != 0) header += " ";
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    for (int i = 0; i < n; i++) b.putFloat(seed + i * 0.5f);
    return b.array();
  }

  /** A zip of {@code members} malicious pickles: slower to scan than one file. */
  static byte[] zipOfPickles(int members, int seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < members; i++) {
        z.putNextEntry(new ZipEntry("m" + i + "/data.pkl"));
        z.write(maliciousPickle("echo " + seed + "-" + i));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
