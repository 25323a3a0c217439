package io.modelvet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.FileByteSource;
import io.modelvet.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dispatch asks scanners in order of their sniff ceilings and stops early; these tests hold it to
 * the rule it replaces (ask every scanner, highest score wins, ties to the first registered) and
 * every shipped ceiling to what its sniffer really returns.
 */
class DispatchTest {
  private static final List<Scanner> REGISTRY = ScannerRegistry.defaults();

  /** The rule without ceilings: every scanner asked. */
  private static Scanner askEveryone(List<Scanner> scanners, Head head) {
    Scanner best = null;
    int bestScore = 0;
    for (Scanner s : scanners) {
      int score;
      try {
        score = s.sniff(head);
      } catch (RuntimeException e) {
        score = 0;
      }
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void checkEveryFileUnder(Path root, int atLeast) throws IOException {
    Dispatch dispatch = new Dispatch(REGISTRY);
    List<String> problems = new ArrayList<>();
    int n = 0;
    for (Path p : files(root)) {
      try (FileByteSource src = new FileByteSource(p)) {
        Head head = new Head(src.head(Head.SIZE), src.size(), p.getFileName().toString(), src);
        for (Scanner s : REGISTRY) {
          int score;
          try {
            score = s.sniff(head);
          } catch (RuntimeException e) {
            continue;
          }
          if (score > s.sniffCeiling()) problems.add(p + ": " + s.format() + " sniffed " + score + " above its ceiling " + s.sniffCeiling());
        }
        Scanner expected = askEveryone(REGISTRY, head);
        Scanner actual = dispatch.choose(head);
        if (expected != actual)
          problems.add(p + ": dispatch chose " + (actual == null ? "none" : actual.format()) + ", asking everyone gives " + (expected == null ? "none" : expected.format()));
        n++;
      }
    }
    assertThat(n).as("files checked under " + root).isGreaterThanOrEqualTo(atLeast);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyFixtureGoesWhereAskingEveryScannerSendsItAndNoSnifferExceedsItsCeiling() throws IOException {
    checkEveryFileUnder(Path.of("src/test/resources/fixtures"), 450);
  }

  @Test
  void everyPeerSampleToo() throws IOException {
    checkEveryFileUnder(SharedCorpus.peers(), 200);
  }

  private record Fixed(String format, int score, int ceiling) implements Scanner {
    public int sniff(Head h) { return score; }
    public int sniffCeiling() { return ceiling; }
    public void scan(ScanContext ctx) {}
  }

  private static Head head() {
    byte[] b = "x".getBytes(StandardCharsets.US_ASCII);
    return new Head(b, 1, "x", new ArrayByteSource(b));
  }

  @Test
  void tiesGoToTheScannerRegisteredFirstWhateverTheCeilings() {
    Scanner low = new Fixed("first", 40, 40);
    Scanner high = new Fixed("second", 40, 100);
    assertThat(new Dispatch(List.of(low, high)).choose(head())).isSameAs(low);
    assertThat(new Dispatch(List.of(high, low)).choose(head())).isSameAs(high);
  }

  @Test
  void aScoreAboveTheCeilingCountsAsTheCeiling() {
    Scanner liar = new Fixed("liar", 90, 30);
    Scanner honest = new Fixed("honest", 50, 60);
    assertThat(new Dispatch(List.of(liar, honest)).choose(head())).isSameAs(honest);
  }

  @Test
  void scannersThatCannotWinAreNotAsked() {
    List<String> asked = new ArrayList<>();
    record Counting(String format, int score, int ceiling, List<String> asked) implements Scanner {
      public int sniff(Head h) { asked.add(format); return score; }
      public int sniffCeiling() { return ceiling; }
      public void scan(ScanContext ctx) {}
    }
    Scanner text = new Counting("text", 5, 5, asked);
    Scanner pickle = new Counting("pickle", 95, 95, asked);
    Scanner python = new Counting("python", 30, 30, asked);
    Scanner zip = new Counting("zip", 0, 100, asked);
    assertThat(new Dispatch(List.of(text, pickle, python, zip)).choose(head())).isSameAs(pickle);
    assertThat(asked).containsExactly("zip", "pickle");
  }

  @Test
  void nothingRecognisedIsNull() {
    assertThat(new Dispatch(List.of(new Fixed("a", 0, 100))).choose(head())).isNull();
  }
}
