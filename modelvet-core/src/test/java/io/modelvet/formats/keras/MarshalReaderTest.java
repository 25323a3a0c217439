package io.modelvet.formats.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.io.MalformedException;
import java.util.Arrays;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
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

  @org.junit.jupiter.api.Test
  void truncatedCodeObjectIsMalformed() throws Exception {
    byte[] b = blob("evil-py311");
    byte[] cut = Arrays.copyOf(b, b.length / 2);
    assertThatThrownBy(() -> MarshalReader.readCode(cut)).isInstanceOf(MalformedException.class);
  }

  @org.junit.jupiter.api.Test
  void hugeDeclaredLengthIsRejectedWithoutAllocating() {
    byte[] b = {'c', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 's', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    assertThatThrownBy(() -> MarshalReader.readCode(b)).isInstanceOf(MalformedException.class).hasMessageContaining("runs past the end");
  }

  @org.junit.jupiter.api.Test
  void deeplyNestedTuplesStopAtTheDepthLimit() {
    byte[] b = new byte[2 + 2 * 1000];
    b[0] = 'c';
    for (int i = 0; i < 1000; i++) {
      b[2 + 2 * i] = ')';
      b[3 + 2 * i] = 1;
    }
    assertThatThrownBy(() -> MarshalReader.readCode(b)).isInstanceOf(MalformedException.class);
  }

  @Property(tries = 2000)
  void randomBytesNeverEscapeAsAnythingButMalformed(@ForAll @Size(max = 600) byte[] data) {
    try {
      MarshalReader.readCode(data);
    } catch (MalformedException expected) {
      // fine: hostile input is reported as malformed
    }
  }

  @Property(tries = 1000)
  void mutatedRealCodeNeverEscapesAsAnythingButMalformed(@ForAll int position, @ForAll byte value) throws Exception {
    byte[] b = blob("evil-py311");
    b[Math.floorMod(position, b.length)] = value;
    try {
      MarshalReader.CodeSummary s = MarshalReader.readCode(b);
      assertThat(s.codeObjects()).isPositive();
    } catch (MalformedException expected) {
      // fine
    }
  }
}
