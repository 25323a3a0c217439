package io.modelvet.formats.huggingface;

import io.modelvet.formats.common.python.PythonCodeAnalyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.formats.keras.KerasFixtures;
import io.modelvet.report.FileResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bytes through the whole engine for the Keras and Hugging Face scanners: whatever the
 * input, a result comes back, and a failure is reported as malformed input or a budget, never as
 * an unexpected exception from a parser ("analysis failed").
 */
class HostileInputTest {

  private static void assertHandled(List<FileResult> results) {
    assertThat(results).isNotEmpty();
    for (FileResult r : results) {
      String why = r.inconclusiveReason();
      assertThat(why == null || !why.startsWith("analysis failed")).as(r.path() + ": " + why).isTrue();
    }
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of(
        "{", "[", "{\"class_name\":\"Sequential\",\"config\":", "{\"auto_map\":", "{\"chat_template\":[",
        "{\"weight_map\":{", "import os\n", "#!/usr/bin/python\n", "from x import (\n", "def f(\n");
  }

  @Property(tries = 400)
  void randomTailsAfterFormatPrefixes(@ForAll("prefixes") String prefix, @ForAll @Size(max = 400) byte[] tail) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[p.length + tail.length];
    System.arraycopy(p, 0, b, 0, p.length);
    System.arraycopy(tail, 0, b, p.length, tail.length);
    assertHandled(KerasFixtures.scanBytes("config.json", b));
  }

  @Property(tries = 300)
  void printableNoiseAsPythonNeverBreaksTheTokenizer(@ForAll @Size(max = 300) List<@net.jqwik.api.constraints.CharRange(from = ' ', to = '~') Character> chars) {
    StringBuilder sb = new StringBuilder("import os\n");
    for (char c : chars) sb.append(c == '~' ? '\n' : c);
    assertHandled(KerasFixtures.scanBytes("m.py", sb.toString().getBytes(StandardCharsets.UTF_8)));
    PythonCodeAnalyzer.analyze(sb.toString()); // direct call must not throw either
  }

  @Property(tries = 150)
  void mutatedKerasHdf5Files(@ForAll int position, @ForAll @Size(min = 1, max = 16) byte[] noise) throws Exception {
    byte[] b = KerasFixtures.read("h5/malicious_lambda.h5");
    int at = Math.floorMod(position, b.length);
    System.arraycopy(noise, 0, b, at, Math.min(noise.length, b.length - at));
    assertHandled(KerasFixtures.scanBytes("m.h5", b));
  }

  @Property(tries = 150)
  void mutatedHuggingFaceConfigs(@ForAll int position, @ForAll @Size(min = 1, max = 8) byte[] noise) throws Exception {
    byte[] b = KerasFixtures.read("hf/bert_benign/tokenizer_config.json");
    int at = Math.floorMod(position, b.length);
    System.arraycopy(noise, 0, b, at, Math.min(noise.length, b.length - at));
    assertHandled(KerasFixtures.scanBytes("tokenizer_config.json", b));
  }
}
