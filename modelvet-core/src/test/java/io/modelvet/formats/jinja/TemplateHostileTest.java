package io.modelvet.formats.jinja;

import io.modelvet.formats.common.jinja.TemplateAnalysis;
import io.modelvet.formats.common.jinja.TemplateIssue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TemplateHostileTest {

  @Property(tries = 1000)
  void arbitraryTemplateTextNeverThrowsAndIssuesStayBounded(@ForAll("templates") String template) {
    List<TemplateIssue> issues = TemplateAnalysis.analyze(template);
    assertThat(issues).hasSizeLessThanOrEqualTo(50);
    assertThat(issues).allSatisfy(i -> assertThat(i.evidence().length()).isLessThanOrEqualTo(220));
  }

  @Property(tries = 300)
  void randomUnicodeNeverThrows(@ForAll String text) {
    assertThat(TemplateAnalysis.analyze(text)).isNotNull();
  }

  /** Text built from Jinja delimiters, quotes, escapes and SSTI fragments, in random order. */
  @Provide
  Arbitrary<String> templates() {
    Arbitrary<String> piece = Arbitraries.of(
        "{{", "}}", "{%", "%}", "{#", "#}", "{%-", "-%}", "'", "\"", "\\", "\\x5f", "\\u005f", "\\1", "__class__", "__", ".", "[", "]",
        "(", ")", "|attr(", "|join", "|reverse", "range(", "10**999", "*", "~", "+", "for x in ", "endfor", "raw", "endraw",
        "getattr(", ",", "cycler", "os", "popen", "messages", " ", "\n", "9999999999999999999999", "'%c'|format(", "_");
    return piece.list().ofMaxSize(80).map(l -> String.join("", l));
  }
}
