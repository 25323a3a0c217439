package io.modelvet.formats.jinja;

import io.modelvet.formats.common.jinja.TemplateAnalysis;
import io.modelvet.formats.common.jinja.TemplateIssue;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateAnalysisTest {
  private static final Path FIX = Path.of("src/test/resources/fixtures/jinja");

  static Stream<Path> benign() throws IOException {
    return Files.list(FIX.resolve("benign")).sorted();
  }

  static Stream<Path> malicious() throws IOException {
    return Files.list(FIX.resolve("malicious")).filter(p -> p.toString().endsWith(".jinja")).sorted();
  }

  static Severity worst(List<TemplateIssue> issues) {
    return issues.stream().map(TemplateIssue::severity).reduce(Severity.INFO, Severity::max);
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realChatTemplatesStayClean(Path p) throws IOException {
    List<TemplateIssue> issues = TemplateAnalysis.analyze(Files.readString(p));
    assertThat(issues).as(p.getFileName().toString()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("malicious")
  void maliciousTemplatesReachTheirExpectedSeverity(Path p) throws IOException {
    Properties expected = new Properties();
    try (InputStream in = Files.newInputStream(FIX.resolve("malicious/expected.properties"))) {
      expected.load(in);
    }
    String want = expected.getProperty(p.getFileName().toString());
    assertThat(want).as("expectation for " + p.getFileName()).isNotNull();
    String[] severityAndRule = want.trim().split("\\s+");
    List<TemplateIssue> issues = TemplateAnalysis.analyze(Files.readString(p));
    assertThat(severityAndRule).as("'SEVERITY rule.id' for " + p.getFileName() + " " + issues).hasSize(2);
    Severity severity = Severity.parse(severityAndRule[0]);
    assertThat(worst(issues)).as(p.getFileName() + " " + issues).isEqualTo(severity);
    assertThat(issues).as(p.getFileName() + " " + issues).anyMatch(i -> i.ruleId().equals(severityAndRule[1]) && i.severity() == severity);
  }

  @Test
  void cycleGlobalsChainIsCriticalWithEvidenceAndLine() {
    List<TemplateIssue> issues =
        TemplateAnalysis.analyze("hello\n{{ message }}\n{{ cycler.__init__.__globals__.os.popen('id').read() }}");
    TemplateIssue chain =
        issues.stream().filter(i -> i.ruleId().equals("jinja.sandbox-escape-chain")).findFirst().orElseThrow();
    assertThat(chain.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(chain.line()).isEqualTo(3);
    assertThat(chain.evidence()).contains("cycler.__init__.__globals__.os.popen('id')");
    assertThat(chain.message()).contains("__globals__").contains("popen");
  }

  @Test
  void loneDunderIsHighNotCritical() {
    List<TemplateIssue> issues = TemplateAnalysis.analyze("{{ messages.__class__ }}");
    assertThat(issues).extracting(TemplateIssue::ruleId).containsExactly("jinja.dunder-access");
    assertThat(worst(issues)).isEqualTo(Severity.HIGH);
  }

  @Test
  void systemRoleStringsAndSystemVariablesAreNotDangerous() {
    String t = "{% set system = 'system' %}{% if message['role'] == 'system' %}{{ '<|system|>' + 'system' }}{{ system }}{% endif %}";
    assertThat(TemplateAnalysis.analyze(t)).isEmpty();
  }

  @Test
  void namesBoundByTheTemplateAreNotPythonGlobals() {
    assertThat(TemplateAnalysis.analyze("{% set system = messages[0] %}{{ system.content }}")).isEmpty();
    assertThat(TemplateAnalysis.analyze("{% for file in files %}{{ file.name }}{% endfor %}")).isEmpty();
    assertThat(TemplateAnalysis.analyze("{% macro show(open) %}{{ open.x }}{% endmacro %}")).isEmpty();
    assertThat(TemplateAnalysis.analyze("{{ (message.content|selectattr('type', 'equalto', 'text')|list)[0].text }}")).isEmpty();
    assertThat(TemplateAnalysis.analyze("{{ file.name }}")).extracting(TemplateIssue::ruleId).containsExactly("jinja.dangerous-call");
    assertThat(TemplateAnalysis.analyze("{{ os.popen('id').read() }}")).extracting(TemplateIssue::ruleId).containsExactly("jinja.dangerous-call");
    assertThat(TemplateAnalysis.analyze("{{ message.content.system('id') }}")).extracting(TemplateIssue::ruleId).containsExactly("jinja.dangerous-call");
  }

  @Test
  void namesHiddenInsideStringsOutsideTagsAreIgnored() {
    assertThat(TemplateAnalysis.analyze("Plain text mentioning __globals__ and os.system('x')")).isEmpty();
    assertThat(TemplateAnalysis.analyze("{# __class__.__mro__ in a comment #}{{ 'ok' }}")).isEmpty();
    assertThat(TemplateAnalysis.analyze("{% raw %}{{ ''.__class__ }}{% endraw %}")).isEmpty();
  }

  @Test
  void closingDelimiterInsideAStringDoesNotEndTheTag() {
    List<TemplateIssue> issues = TemplateAnalysis.analyze("{{ '}}' ~ ''.__class__.__mro__[1].__subclasses__() }}");
    assertThat(worst(issues)).isEqualTo(Severity.CRITICAL);
  }

  /** Quadratic behaviour would take hours on these inputs; linear analysis takes about a second. */
  @Test
  @org.junit.jupiter.api.Timeout(120)
  void pathologicalTemplatesStayLinear() {
    assertThat(TemplateAnalysis.analyze("{{ " + "getattr(".repeat(200_000) + " }}")).isNotEmpty();
    assertThat(TemplateAnalysis.analyze("{% for i in range(2) %}".repeat(100_000)))
        .extracting(TemplateIssue::ruleId).contains("jinja.resource-exhaustion");
    for (String t : List.of("{{ " + "'a' ~ ".repeat(100_000) + "'b' }}", "{{ [" + "'x', ".repeat(100_000) + "'y'] }}"))
      assertThat(TemplateAnalysis.analyze(t)).extracting(TemplateIssue::ruleId).containsOnly("jinja.oversized-template");
  }

  @Test
  void anExpiredBudgetStopsTheAnalysisAndSaysSo() {
    String many = "{{ message }}".repeat(5000) + "{{ cycler.__init__.__globals__ }}";
    TemplateAnalysis.Result r = TemplateAnalysis.analyze(many, () -> true);
    assertThat(r.complete()).isFalse();
    assertThat(TemplateAnalysis.analyze(many, () -> false).complete()).isTrue();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
    "{% set u = (()|select|string)[24] %}                 => text form",
    "{% set n = dict(__cla=1, ss__=1)|join %}              => keyword name '__cla'",
    "{% set n = 'xxclassxx'|replace('xx', '__') %}          => a string replace build the name '__class__'",
    "{% set n = '{:c}{:c}'.format(95, 95) %}                => '{:c}' format",
    "{% set n = '%c%c' % (95, 95) %}                        => '%c' formatting",
    "{% set n = ['__cla', 'ss__'] %}                        => joined list items build the name '__class__'",
    "{% set n = 'so'|reverse %}                              => a reversed string build the name 'os'"
  })
  void eachNameBuildingTrickIsRecognisedOnItsOwn(String template, String reason) {
    List<TemplateIssue> issues = TemplateAnalysis.analyze(template.strip());
    assertThat(issues).anyMatch(i -> i.ruleId().equals("jinja.obfuscated-name") && i.message().contains(reason.strip()));
  }

  @Test
  void oversizedTemplateIsLow() {
    String t = "{{ message['content'] }}" + "x".repeat(70_000);
    List<TemplateIssue> issues = TemplateAnalysis.analyze(t);
    assertThat(issues).extracting(TemplateIssue::ruleId).containsExactly("jinja.oversized-template");
    assertThat(worst(issues)).isEqualTo(Severity.LOW);
  }

  @Test
  void octalAndUnicodeEscapesAreDecoded() {
    assertThat(worst(TemplateAnalysis.analyze("{{ ''['\\137\\137class\\137\\137'] }}"))).isEqualTo(Severity.HIGH);
    assertThat(worst(TemplateAnalysis.analyze("{{ x['\\u005f\\u005fglobals\\u005f\\u005f'].os }}"))).isEqualTo(Severity.CRITICAL);
    assertThat(TemplateAnalysis.analyze("{{ '\\u2581' + '\\n\\t' }}")).isEmpty();
  }

  @Test
  void benignTemplatesAreUtf8Readable() throws IOException {
    try (Stream<Path> s = benign()) {
      assertThat(s.count()).isGreaterThanOrEqualTo(12);
    }
    assertThat(new String(Files.readAllBytes(FIX.resolve("benign/deepseek-r1.jinja")), StandardCharsets.UTF_8)).contains("｜");
  }
}
