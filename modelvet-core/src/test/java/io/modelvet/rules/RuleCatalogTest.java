package io.modelvet.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.report.Owasp;
import io.modelvet.report.Severity;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is read on first use, not when a scan starts, so a broken rule file must fail here,
 * at build time. Each listed file is read again with Jackson's tree model and compared field by field.
 */
class RuleCatalogTest {

  @Test
  void holdsEveryRuleOfEveryListedFileWithItsFields() throws Exception {
    List<Rule> expected = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    String index;
    try (InputStream in = RuleCatalog.class.getResourceAsStream("/io/modelvet/rules/index.txt")) {
      index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : index.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      try (InputStream in = RuleCatalog.class.getResourceAsStream("/io/modelvet/rules/" + line)) {
        for (JsonNode n : json.readTree(in))
          expected.add(new Rule(n.get("id").asText(), Severity.valueOf(n.get("severity").asText()), Owasp.valueOf(n.get("owasp").asText()),
              n.get("cwe").isNull() ? null : n.get("cwe").asText(), n.get("title").asText(), n.get("help").asText()));
      }
    }
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(new ArrayList<>(RuleCatalog.get().all())).containsExactlyElementsOf(expected);
  }

  @Test
  void looksRulesUpById() {
    Rule denied = RuleCatalog.rule("pickle.denied-callable");
    assertThat(denied.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(denied.owasp()).isEqualTo(Owasp.ML06);
    assertThat(denied.cwe()).isEqualTo("CWE-502");
    assertThat(RuleCatalog.get().all()).anySatisfy(r -> assertThat(r.cwe()).isNull());
    assertThat(RuleCatalog.get().contains("pickle.no-such-rule")).isFalse();
  }
}
