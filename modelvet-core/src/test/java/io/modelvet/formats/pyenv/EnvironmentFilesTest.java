package io.modelvet.formats.pyenv;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Scans;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** requirements.txt and conda / python_env environment files. */
class EnvironmentFilesTest {
  private static FileResult scan(String text) {
    return Scans.bytes("requirements.txt", text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "torch==2.1.0\nnumpy>=1.24,<2\n# comment\ntransformers[torch]~=4.36 ; python_version >= \"3.9\"\n",
    "-r requirements.txt\nscikit-learn==1.2.1\n",
    "mlflow==2.9.2\n"
  })
  void pinnedRequirementsAreClean(String text) {
    FileResult r = scan(text);
    assertThat(r.format()).isEqualTo("pip-requirements");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "git+https://github.com/x/y.git@main | pyenv.direct-reference",
    "helper @ https://example.com/helper-0.1.tar.gz | pyenv.direct-reference",
    "-e ../../shared/pkg | pyenv.direct-reference",
    "-r https://example.com/more.txt | pyenv.direct-reference",
    "--index-url https://pypi.example/simple | pyenv.index-override",
    "--trusted-host pypi.example | pyenv.index-override"
  })
  void installsFromElsewhereAreMedium(String line, String rule) {
    FileResult r = scan("numpy==1.26.0\n" + line + "\n");
    assertThat(r.format()).isEqualTo("pip-requirements");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals(rule) && f.severity() == Severity.MEDIUM && f.evidence().equals(line));
  }

  @Test
  void aPlainWordListIsNotARequirementsFile() {
    assertThat(scan("the\nof\nand\nmodel\n").format()).isEqualTo("text");
  }

  @Test
  void condaChannelUrlAndPipUrlAreReported() {
    String env = "name: x\nchannels:\n- https://conda.example/channel\ndependencies:\n- python=3.11\n- pip:\n  - git+https://github.com/x/y\n";
    FileResult r = Scans.bytes("conda.yaml", env.getBytes(StandardCharsets.UTF_8));
    assertThat(r.format()).isEqualTo("python-env");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("pyenv.index-override") && f.severity() == Severity.MEDIUM);
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("pyenv.direct-reference") && f.severity() == Severity.MEDIUM);
  }

  @Property(tries = 300)
  void hostileEnvironmentFilesStayBounded(@ForAll("envs") String text) {
    HostileScan.check("conda.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> envs() {
    Arbitrary<String> line = Arbitraries.oneOf(
        Arbitraries.of("dependencies:", "channels:", "- pip:", "  - git+https://x/y", "- &a [*a, *a]", "name: !!python/object:os.system x", "  - x==1", "- {pip: [1, 2]}", "python: 3"),
        Arbitraries.strings().ofMaxLength(30));
    return line.list().ofMaxSize(30).map(l -> "dependencies:\nchannels:\n" + String.join("\n", l));
  }
}
