package io.modelvet.formats.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.io.MalformedException;
import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarshalReaderTest {

  private static byte[] blob(String name) throws Exception {
    return Base64.getMimeDecoder().decode(new String(KerasFixtures.read("marshal/" + name + ".b64")).strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"py37", "py38", "py310", "py311", "py312", "py313"})
  void listsNamesAndConstantsOfAMaliciousLambdaForEveryLayout(String version) throws Exception {
    MarshalReader.CodeSummary s = MarshalReader.readCode(blob("evil-" + version));
    assertThat(s.names()).contains("__import__", "system");
    assertThat(s.strings()).contains("os", "echo pwned");
    assertThat(s.functions()).containsExactly("<lambda>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"py37", "py38", "py310", "py311", "py312", "py313"})
  void arithmeticLambdaUsesNoNames(String version) throws Exception {
    MarshalReader.CodeSummary s = MarshalReader.readCode(blob("benign-" + version));
    assertThat(s.names()).isEmpty();
    assertThat(s.strings()).isEmpty();
    assertThat(s.codeObjects()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"py38", "py311"})
  void detectsTheLayoutThatWroteTheBytes(String version) throws Exception {
    String layout = MarshalReader.readCode(blob("evil-" + version)).layout();
    assertThat(layout).isEqualTo(version.equals("py38") ? "Python 3.8-3.10" : "Python 3.11+");
  }

  @Test
  void truncatedCodeObjectIsMalformed() throws Exception {
    byte[] b = blob("evil-py311");
    byte[] cut = Arrays.copyOf(b, b.length / 2);
    assertThatThrownBy(() -> MarshalReader.readCode(cut)).isInstanceOf(MalformedException.class);
  }

  @Test
  void hugeDeclaredLengthIsRejectedWithoutAllocating() {
    byte[] b = {'c', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 's', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    assertThatThrownBy(() -> MarshalReader.readCode(b)).isInstanceOf(MalformedException.class).hasMessageContaining("runs past the end");
  }

  @Test
  void deeplyNestedTuplesStopAtTheDepthLimit() {
    byte[] b = new byte[2 + 2 * 1000];
    b[0] = 'c';
    for (int i = 0; i < 1000; i++) {
      b[2 + 2 * i] = ')';
      b[3 + 2 * i] = 1;
    }
    assertThatThrownBy(() -> MarshalReader.readCode(b)).isInstanceOf(MalformedException.class);
  }

  // ---------------------------------------------------------------- hostile input, from the real blobs

  static final List<String> VERSIONS = List.of("py37", "py38", "py310", "py311", "py312", "py313");
  static final List<byte[]> SEEDS = seeds();

  static List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    try {
      for (String v : VERSIONS) {
        out.add(blob("evil-" + v));
        out.add(blob("benign-" + v));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /**
   * Structure-aware variants of the twelve real code objects (evil and benign, Python 3.7 to 3.13):
   * the leading type byte 'c' stays, so every variant is a code object to the Keras analyser, and
   * the edits are the ones marshal's fields invite: overwritten bytes, 32-bit lengths and counts set
   * to 0, 1, -1, 2^31-1, 65 536 or past the end, FLAG_REF toggled on a type byte, a back-reference
   * to an arbitrary slot spliced in, the tail of another Python version's object spliced on, a
   * range duplicated, the end cut off.
   */
  @Provide
  Arbitrary<byte[]> marshalMutants() {
    return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1), Arbitraries.integers().between(1, 3), Arbitraries.longs())
        .as((k, edits, rnd) -> mutate(k, edits, rnd));
  }

  static byte[] mutate(int seed, int edits, long random) {
    Random r = new Random(random);
    byte[] b = SEEDS.get(seed).clone();
    for (int e = 0; e < edits && b.length > 2; e++) {
      int at = 1 + r.nextInt(b.length - 1);
      switch (r.nextInt(7)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> {
          int[] values = {0, 1, -1, Integer.MAX_VALUE, 65_536, b.length - at};
          int v = values[r.nextInt(values.length)];
          for (int k = 0; k < 4 && at + k < b.length; k++) b[at + k] = (byte) (v >>> (8 * k));
        }
        case 2 -> b[at] ^= (byte) 0x80;
        case 3 -> {
          byte[] ref = {'r', (byte) r.nextInt(256), (byte) r.nextInt(4), 0, 0};
          b = splice(b, at, ref, 0, ref.length, at);
        }
        case 4 -> {
          byte[] other = SEEDS.get(r.nextInt(SEEDS.size()));
          int from = 1 + r.nextInt(other.length - 1);
          b = splice(b, at, other, from, other.length - from, b.length);
        }
        case 5 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(32));
          b = splice(b, at + len, b, at, len, at + len);
        }
        default -> b = Arrays.copyOf(b, Math.max(at, 17)); // still long enough to look like code
      }
    }
    // a splice near the start can leave a short tail: pad so every variant still passes the gate
    return b.length > 16 ? b : Arrays.copyOf(b, 17);
  }

  /** {@code b[0, cut)} + {@code src[from, from + len)} + {@code b[resume, end)}. */
  private static byte[] splice(byte[] b, int cut, byte[] src, int from, int len, int resume) {
    byte[] out = new byte[cut + len + (b.length - resume)];
    System.arraycopy(b, 0, out, 0, cut);
    System.arraycopy(src, from, out, cut, len);
    System.arraycopy(b, resume, out, cut + len, b.length - resume);
    return out;
  }

  /**
   * Directly: only MalformedException may escape; a summary that comes back names at least one code
   * object. Every variant passes the analyser's looksLikeCode gate and enters the code-object
   * reader, and 14-19 % still decode completely (jqwik statistics, three runs of 1 000); at least 10 %
   * must, so the success path stays exercised too. These replace two older properties: 2 000 random
   * byte strings (0 % decoded: all but 1 in 128 die at the first byte) and 1 000 single-byte edits
   * of one Python 3.11 blob (71-75 % decoded, one layout only).
   */
  @Property(tries = 1000)
  void mutatedCodeObjectsFailOnlyAsMalformed(@ForAll("marshalMutants") byte[] data) {
    String outcome;
    try {
      MarshalReader.CodeSummary s = MarshalReader.readCode(data);
      assertThat(s.codeObjects()).isPositive();
      assertThat(s.functions()).hasSize(s.codeObjects());
      outcome = "decoded";
    } catch (MalformedException expected) {
      outcome = "malformed"; // fine: hostile input is reported as malformed
    }
    Statistics.collect(outcome);
    Statistics.coverage(c -> c.check("decoded").percentage(p -> p >= 10));
  }

  /**
   * Through the engine, inside a Keras Lambda layer (base64, as Keras 2 writes it), held to the
   * HostileScan contract. Whatever the bytes, a Lambda with marshalled bytecode is never less than
   * HIGH: CRITICAL keras.lambda-dangerous-code when the decoded names are dangerous, otherwise HIGH
   * keras.lambda-layer (decoded or not).
   */
  @Property(tries = 300)
  void mutatedLambdaBytecodeInAKerasConfigKeepsTheContract(@ForAll("marshalMutants") byte[] data) {
    FileResult r = HostileScan.check("config.json", lambdaConfig(data));
    assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
    List<String> lambda = r.findings().stream().filter(f -> f.ruleId().startsWith("keras.lambda")).map(f -> f.ruleId() + " " + f.severity()).toList();
    assertThat(lambda).isNotEmpty().allSatisfy(f -> assertThat(f).isIn("keras.lambda-dangerous-code CRITICAL", "keras.lambda-layer HIGH"));
    assertThat(MarshalReader.looksLikeCode(data)).isTrue();
    try {
      MarshalReader.readCode(data);
      assertThat(r.findings()).noneSatisfy(f -> assertThat(f.message()).contains("could not be decoded"));
    } catch (MalformedException e) {
      assertThat(r.findings()).anySatisfy(f -> assertThat(f.message()).contains("could not be decoded"));
    }
  }

  /** A Keras 2 model config whose one Lambda layer holds {@code code} as Keras writes it (base64 in the function triple). */
  static byte[] lambdaConfig(byte[] code) {
    String json = "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Lambda\",\"config\":{\"name\":\"l\",\"function\":[\""
        + Base64.getEncoder().encodeToString(code) + "\",null,null],\"function_type\":\"lambda\"}}]}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void unmutatedBlobsInAKerasConfigArePinned() {
    for (String v : VERSIONS) {
      for (String kind : List.of("evil", "benign")) {
        byte[] data = SEEDS.get(2 * VERSIONS.indexOf(v) + (kind.equals("evil") ? 0 : 1));
        FileResult r = HostileScan.check("config.json", lambdaConfig(data));
        String expected = kind.equals("evil") ? "keras.lambda-dangerous-code CRITICAL" : "keras.lambda-layer HIGH";
        assertThat(r.findings()).as("%s-%s", kind, v).extracting(f -> f.ruleId() + " " + f.severity()).contains(expected);
      }
    }
  }
}
