package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.testutil.Scans;
import io.modelvet.engine.Head;
import io.modelvet.formats.pickle.PValue.CallKind;
import io.modelvet.formats.pickle.PValue.Seq;
import io.modelvet.formats.pickle.PValue.SeqKind;
import io.modelvet.io.ArrayByteSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Content sniffing (headers, protocol 0/1 probing, non-pickles) and pseudo-code rendering. */
class SniffAndRenderTest {
  private final PickleScanner scanner = new PickleScanner();

  private int sniff(byte[] b) {
    return scanner.sniff(new Head(b, b.length, "f", new ArrayByteSource(b)));
  }

  @Test
  void headersAndProtocolZeroAreRecognised() {
    assertThat(sniff(PickleWriter.proto(4).none().stop().bytes())).isEqualTo(90);
    assertThat(sniff(Scans.resource("pickle/benign/torch_state_dict_legacy.pt"))).isEqualTo(95);
    assertThat(sniff(Scans.resource("pickle/benign/sklearn_logreg_p0.pkl"))).isEqualTo(60);
    assertThat(sniff(Scans.resource("pickle/benign/plain_list_p1.pkl"))).isGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hello world\\n", "(a, b) are pairs\\n", "I am a text file\\n", "{\"json\": true}", "]", "Linux 6.1\\n",
    "cat > x <<EOF\\n", "SELECT 1;\\n", "N/A\\n", "# comment\\n"})
  void textIsNotClaimed(String text) {
    byte[] b = text.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(sniff(b)).isZero();
  }

  @Test
  void rendersCallsLikePython() {
    PValue.Global sys = new PValue.Global("os", "system", "os", "system", 0, -1);
    Seq args = new Seq(SeqKind.TUPLE, 10);
    args.add(new PValue.Str("echo 'hi'\n", 10, true));
    assertThat(PseudoCode.render(new PValue.Call(sys, args, null, CallKind.REDUCE, 0))).isEqualTo("os.system('echo \\'hi\\'\\n')");
    PValue.Global cls = new PValue.Global("mypkg", "Thing", "mypkg", "Thing", 0, -1);
    assertThat(PseudoCode.render(new PValue.Call(cls, new Seq(SeqKind.TUPLE, 1), null, CallKind.NEWOBJ, 0))).isEqualTo("mypkg.Thing.__new__(mypkg.Thing)");
  }

  @Test
  void longLiteralsAndSelfReferencesAreBounded() {
    String big = "x".repeat(10_000);
    assertThat(PseudoCode.render(new PValue.Str(big, big.length(), true))).hasSizeLessThan(200).endsWith("<10000 chars>");
    Seq loop = new Seq(SeqKind.LIST, 10);
    loop.add(loop);
    assertThat(PseudoCode.render(loop)).contains("…").hasSizeLessThan(200);
    PValue.Bytes bytes = new PValue.Bytes(0, 1 << 30, new byte[] {1, 2, 'a'}, false);
    assertThat(PseudoCode.render(bytes)).isEqualTo("b'\\x01\\x02a'…<1073741824 bytes>");
  }
}
