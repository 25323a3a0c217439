package io.modelvet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.ModelVet;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real job in Spark local mode ({@code local[2]}) on real files. */
class ScanJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A pickle that calls os.system on load (protocol 2: GLOBAL 'posix system', a string, REDUCE). */
  static byte[] maliciousPickle() {
    return "\u0080\u0002cposix\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003.".getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A plain protocol-2 pickle of the list [1, 2]. */
  static byte[] benignPickle() {
    return new byte[] {(byte) 0x80, 2, ']', 'q', 0, '(', 'K', 1, 'K', 2, 'e', '.'};
  }

  /** A NumPy v1 file of float32 zeros: a real header, then a sparse data area of {@code dataBytes}. */
  static void writeSparseNpy(Path p, long dataBytes) throws IOException {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dataBytes / 4 + ",), }";
    StringBuilder h = new StringBuilder(dict);
    while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
    h.append('\n');
    byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
      f.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)});
      f.write(header);
      f.setLength(10 + header.length + dataBytes);
    }
  }

  private Result run(String... args) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--master", "local[2]"));
    all.addAll(List.of(args));
    int code = ScanJob.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int code, String out, String err) {}

  /** Rows of a JSON-lines result table, by path. */
  private static Map<String, JsonNode> rows(Path dir) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    try (Stream<Path> parts = Files.list(dir.resolve("results"))) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList())
        for (String line : Files.readAllLines(p)) {
          JsonNode n = JSON.readTree(line);
          out.put(n.get("path").asText().replaceFirst("^file:", ""), n);
        }
    }
    return out;
  }

  private static String findingKey(JsonNode f) {
    return f.get("ruleId").asText() + "/" + f.get("severity").asText();
  }

  @Test
  void maliciousBenignAndCorruptFilesGiveTheirVerdictsAndTheJobSucceeds() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.write(in.resolve("evil.pkl"), maliciousPickle());
    Files.write(in.resolve("ok.pkl"), benignPickle());
    byte[] truncated = maliciousPickle();
    Files.write(in.resolve("truncated.pkl"), java.util.Arrays.copyOf(truncated, 9));
    writeSparseNpy(in.resolve("big.npy"), 256L << 20);
    Path out = tmp.resolve("out");

    Result r = run("--input", in.toString(), "--output", out.toString(), "--format", "json");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    Map<String, JsonNode> rows = rows(out);
    JsonNode evil = rows.get(in.resolve("evil.pkl").toString());
    assertThat(evil.get("verdict").asText()).isEqualTo("findings");
    assertThat(findingKey(evil.get("findings").get(0))).isEqualTo("pickle.denied-callable/CRITICAL");
    assertThat(evil.get("findings").get(0).get("evidence").asText()).contains("system");
    assertThat(rows.get(in.resolve("ok.pkl").toString()).get("verdict").asText()).isEqualTo("clean");
    JsonNode bad = rows.get(in.resolve("truncated.pkl").toString());
    assertThat(bad.get("verdict").asText()).isEqualTo("inconclusive");
    assertThat(bad.get("inconclusiveReason").asText()).isNotBlank();
    assertThat(evil.get("bytesRead").asLong()).isPositive();
    // Read in place: a 256 MiB array is judged by its header, its data is never read.
    JsonNode big = rows.get(in.resolve("big.npy").toString());
    assertThat(big.get("verdict").asText()).isEqualTo("clean");
    assertThat(big.get("format").asText()).isEqualTo("numpy");
    assertThat(big.get("bytesRead").asLong()).isPositive().isLessThan(1L << 20);

    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("files").asLong()).isEqualTo(4);
    assertThat(summary.get("bytesRead").asLong()).isLessThan(1L << 20);
    assertThat(summary.get("bytesListed").asLong()).isGreaterThan(256L << 20);
    assertThat(summary.get("findings").get("CRITICAL").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(summary.get("exitCode").asInt()).isEqualTo(1);
    assertThat(Files.list(out.resolve("by_rule")).anyMatch(p -> p.getFileName().toString().startsWith("part-"))).isTrue();
  }

  @Test
  void aListingIsReadAndAListedPathThatDoesNotExistIsAClearError() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.write(in.resolve("ok.pkl"), benignPickle());
    Path listing = tmp.resolve("listing.txt");
    Files.writeString(listing, "# files to scan\n" + in.resolve("ok.pkl") + "\n\n");
    Path out = tmp.resolve("out");
    Result ok = run("--listing", listing.toString(), "--output", out.toString(), "--format", "json");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(rows(out)).containsOnlyKeys(in.resolve("ok.pkl").toString());

    Files.writeString(listing, in.resolve("gone.pkl") + "\n", java.nio.file.StandardOpenOption.APPEND);
    Result missing = run("--listing", listing.toString(), "--output", tmp.resolve("out2").toString(), "--format", "json");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or folder").doesNotContain("Exception");
  }

  @Test
  void emptyInputIsNotAPass() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("empty"));
    Result r = run("--input", in.toString(), "--output", tmp.resolve("out").toString(), "--format", "json");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("no files to scan").contains("INCONCLUSIVE");
  }

  @Test
  void previousRunRowsAreReusedForUnchangedFilesAndChangedOnesAreRescanned() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.write(in.resolve("a.pkl"), benignPickle());
    Files.write(in.resolve("b.pkl"), benignPickle());
    Path first = tmp.resolve("run1");
    assertThat(run("--input", in.toString(), "--output", first.toString()).code()).isZero();

    // b.pkl becomes malicious (new size and time); a.pkl is untouched.
    Files.write(in.resolve("b.pkl"), maliciousPickle());
    Files.setLastModifiedTime(in.resolve("b.pkl"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Path second = tmp.resolve("run2");
    Result r = run("--input", in.toString(), "--output", second.toString(), "--previous", first.toString(), "--format", "json");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode summary = JSON.readTree(second.resolve("summary.json").toFile());
    assertThat(summary.get("reused").asLong()).isEqualTo(1);
    assertThat(summary.get("scanned").asLong()).isEqualTo(1);
    Map<String, JsonNode> rows = rows(second);
    assertThat(rows.get(in.resolve("a.pkl").toString()).get("verdict").asText()).isEqualTo("clean");
    assertThat(rows.get(in.resolve("b.pkl").toString()).get("verdict").asText()).isEqualTo("findings");

    // After a rule change: --formats pickle rescans the unchanged pickle too.
    Path third = tmp.resolve("run3");
    run("--input", in.toString(), "--output", third.toString(), "--previous", second.toString(), "--formats", "pickle", "--format", "json");
    assertThat(JSON.readTree(third.resolve("summary.json").toFile()).get("reused").asLong()).isZero();
  }

  @Test
  void badOptionsAreClearUsageErrors() throws Exception {
    Result r = run("--input", tmp.toString(), "--output", tmp.resolve("o").toString(), "--format", "csv");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("parquet").contains("json").doesNotContain("Exception");
    Result f = run("--input", tmp.toString(), "--output", tmp.resolve("o").toString(), "--fail-on", "bogus");
    assertThat(f.code()).isEqualTo(2);
    assertThat(f.err()).contains("CRITICAL").doesNotContain("Exception");
  }

  @Test
  void verdictsAndFindingsEqualTheCliOnThePeerCorpus() throws Exception {
    Optional<Path> peers = peers();
    assumeTrue(peers.isPresent(), "shared/corpus/peers is absent: the corpus comparison is skipped");
    Path out = tmp.resolve("out");
    Result r = run("--input", peers.get().toString(), "--output", out.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isIn(1, 3);

    ScanReport local = ModelVet.scanner(ScanOptions.defaults().withThreads(2)).scan(peers.get());
    Map<String, JsonNode> rows = rows(out);
    int compared = 0;
    List<String> differences = new ArrayList<>();
    for (FileResult f : local.files()) {
      JsonNode row = rows.get(f.path());
      if (row == null) {
        differences.add(f.path() + ": no row");
        continue;
      }
      compared++;
      List<String> expected = f.findings().stream().map(x -> x.ruleId() + "/" + x.severity()).sorted().toList();
      List<String> actual = new ArrayList<>();
      row.get("findings").forEach(x -> actual.add(findingKey(x)));
      actual.sort(null);
      if (!row.get("verdict").asText().equals(f.verdict().name().toLowerCase()) || !expected.equals(actual))
        differences.add(f.path() + ": cli " + f.verdict() + " " + expected + " vs spark " + row.get("verdict").asText() + " " + actual);
    }
    assertThat(differences).isEmpty();
    assertThat(rows).hasSize(local.files().size());
    assertThat(compared).isGreaterThan(250);
  }

  /** The shared peer corpus; in CI its absence is an error, not a skip. */
  private static Optional<Path> peers() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("corpus").resolve("peers");
      if (Files.isDirectory(c)) return Optional.of(c);
    }
    assertTrue(!"true".equals(System.getenv("CI")), "CI=true but shared/corpus/peers was not found");
    return Optional.empty();
  }
}
