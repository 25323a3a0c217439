package io.modelvet.integrity.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.integrity.BundledVectors;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelHasherTest {
  private static final Path VECTORS = BundledVectors.root();

  @Test
  void reproducesTheReferenceManifestOfTinyBert() throws Exception {
    JsonNode payload = new ObjectMapper().readTree(VECTORS.resolve("signed/P01-tiny-bert-key-p256-files/payload.decoded.json").toFile());
    Manifest m = new ModelHasher(2).hash(VECTORS.resolve("models/tiny-bert"), HashingConfig.defaults());
    assertThat(names(m)).containsExactlyElementsOf(names(payload.at("/predicate/resources")));
    assertThat(m.rootDigestHex()).isEqualTo(payload.at("/subject/0/digest/sha256").asText());
  }

  @Test
  void reproducesEveryReferenceManifestInTheSharedCorpus() throws Exception {
    Path root = SharedCorpus.require("model-signing");
    ObjectMapper json = new ObjectMapper();
    JsonNode manifests = json.readTree(root.resolve("expected/manifests.json").toFile()).get("manifests");
    JsonNode cases = json.readTree(root.resolve("cases.json").toFile()).get("cases");
    int checked = 0;
    for (JsonNode expected : manifests) {
      String caseId = expected.get("from_case").asText();
      JsonNode c = null;
      for (JsonNode x : cases) if (x.get("id").asText().equals(caseId)) c = x;
      Path model = root.resolve(c.get("model").asText());
      JsonNode s = expected.get("serialization");
      Set<String> ignore = new TreeSet<>();
      s.get("ignore_paths").forEach(p -> ignore.add(p.asText()));
      HashingConfig cfg =
          new HashingConfig(
              HashingConfig.Method.fromId(s.get("method").asText()),
              HashAlgorithm.fromId(s.get("hash_type").asText()),
              s.has("shard_size") ? (long) s.get("shard_size").asDouble() : 0,
              false,
              ignore);
      Manifest m = new ModelHasher(2).hash(model, cfg);
      List<String> want = new ArrayList<>();
      for (JsonNode r : expected.get("resources"))
        want.add(r.get("name").asText() + " " + r.get("algorithm").asText() + " " + r.get("digest").asText());
      List<String> got = new ArrayList<>();
      for (ResourceDigest r : m.resources()) got.add(r.name() + " " + r.algorithm() + " " + r.digest());
      assertThat(got).as(caseId).containsExactlyElementsOf(want);
      assertThat(m.rootDigestHex()).as(caseId).isEqualTo(expected.get("root_digest_sha256").asText());
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void pathOrderIsComponentWise() {
    List<String> names = new ArrayList<>(List.of("tokenizer.json", "tokenizer/vocab.txt", "a", "LICENSE", "b/c", "b.d", "é", "z"));
    names.sort(PathOrder.INSTANCE);
    assertThat(names).containsExactly("LICENSE", "a", "b/c", "b.d", "tokenizer/vocab.txt", "tokenizer.json", "z", "é");
  }

  @Test
  void ignoresRootGitPathsOnlyAndTheGivenPaths(@TempDir Path dir) throws IOException {
    write(dir.resolve(".gitignore"), "x");
    write(dir.resolve(".git/config"), "x");
    write(dir.resolve(".github/CODEOWNERS"), "x");
    write(dir.resolve("sub/.gitignore"), "x");
    write(dir.resolve("notes/a.txt"), "x");
    write(dir.resolve("model.sig"), "x");
    write(dir.resolve("w.bin"), "x");
    HashingConfig cfg = HashingConfig.defaults().withIgnored(List.of("notes", "model.sig"));
    assertThat(ModelFiles.list(dir, cfg)).extracting(ModelFile::name).containsExactly("sub/.gitignore", "w.bin");
    assertThat(ModelFiles.list(dir, cfg.withoutGitPaths()))
        .extracting(ModelFile::name)
        .containsExactly(".git/config", ".github/CODEOWNERS", ".gitignore", "sub/.gitignore", "w.bin");
  }

  @Test
  void refusesSymlinksUnlessAllowed(@TempDir Path dir) throws IOException {
    write(dir.resolve("real.bin"), "payload");
    Files.createSymbolicLink(dir.resolve("link.bin"), dir.resolve("real.bin"));
    assertThatThrownBy(() -> ModelFiles.list(dir, HashingConfig.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("link.bin");
    Manifest m = new ModelHasher(1).hash(dir, HashingConfig.defaults().withAllowSymlinks(true));
    assertThat(m.resources()).extracting(ResourceDigest::name).containsExactly("link.bin", "real.bin");
    assertThat(m.resources().get(0).digest()).isEqualTo(m.resources().get(1).digest());
  }

  @Test
  void symlinkLoopIsAnErrorEvenWhenLinksAreAllowed(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.createSymbolicLink(dir.resolve("a/loop"), dir.resolve("a"));
    assertThatThrownBy(() -> ModelFiles.list(dir, HashingConfig.defaults().withAllowSymlinks(true)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void parallelShardedHashingEqualsSequentialAndPlainDigests(@TempDir Path dir) throws Exception {
    Random rnd = new Random(3);
    for (int i = 0; i < 6; i++) {
      byte[] data = new byte[rnd.nextInt(3 * ModelHasher.BUFFER_SIZE)];
      rnd.nextBytes(data);
      Files.write(dir.resolve("f" + i + ".bin"), data);
    }
    Files.write(dir.resolve("empty.bin"), new byte[0]);
    HashingConfig shards = HashingConfig.defaults().withShards(1_000_003);
    Manifest one = new ModelHasher(1).hash(dir, shards);
    Manifest four = new ModelHasher(4).hash(dir, shards);
    assertThat(four.resources()).isEqualTo(one.resources());
    assertThat(one.resources()).noneMatch(r -> r.name().startsWith("empty.bin"));
    // a shard digest is the plain SHA-256 of the byte range
    ResourceDigest first = one.resources().get(0);
    byte[] whole = Files.readAllBytes(dir.resolve(first.filePath()));
    String[] range = first.name().substring(first.filePath().length() + 1).split(":");
    byte[] part = java.util.Arrays.copyOfRange(whole, Integer.parseInt(range[0]), Integer.parseInt(range[1]));
    assertThat(first.digest()).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(part)));
    Manifest files1 = new ModelHasher(1).hash(dir, HashingConfig.defaults());
    Manifest files3 = new ModelHasher(3).hash(dir, HashingConfig.defaults());
    assertThat(files3.resources()).isEqualTo(files1.resources());
  }

  @Test
  void singleFileModelIsNamedDot(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("model.bin");
    write(f, "abc");
    Manifest m = new ModelHasher().hash(f, HashingConfig.defaults());
    assertThat(m.resources()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo(".");
      assertThat(r.digest()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });
  }

  @Test
  void shardSuffixIsStrippedOnlyWhenNumeric() {
    assertThat(ResourceDigest.filePathOf("a/b.bin:0:256")).isEqualTo("a/b.bin");
    assertThat(ResourceDigest.filePathOf("weird:name.txt")).isEqualTo("weird:name.txt");
    assertThat(ResourceDigest.filePathOf("x:1:y")).isEqualTo("x:1:y");
  }

  private static List<String> names(Manifest m) {
    List<String> out = new ArrayList<>();
    for (ResourceDigest r : m.resources()) out.add(r.name() + "=" + r.digest());
    return out;
  }

  private static List<String> names(JsonNode resources) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : resources) out.add(r.get("name").asText() + "=" + r.get("digest").asText());
    return out;
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }
}
