package io.modelvet.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.report.Owasp;
import io.modelvet.report.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All rules, loaded once from the JSON files listed in {@code io/modelvet/rules/index.txt}. Each
 * file holds an array of objects {@code {id, severity, owasp, cwe, title, help}}.
 */
public final class RuleCatalog {
  private static final String BASE = "/io/modelvet/rules/";
  private static volatile RuleCatalog instance;

  private final Map<String, Rule> rules;

  private RuleCatalog(Map<String, Rule> rules) {
    this.rules = Collections.unmodifiableMap(rules);
  }

  public static RuleCatalog get() {
    RuleCatalog c = instance;
    if (c == null) {
      synchronized (RuleCatalog.class) {
        c = instance;
        if (c == null) instance = c = load();
      }
    }
    return c;
  }

  /** The rule with this id; fails loudly on an unknown id, since rule ids are code-level constants. */
  public static Rule rule(String id) {
    Rule r = get().rules.get(id);
    if (r == null) throw new IllegalArgumentException("no rule '" + id + "' in the rule catalog");
    return r;
  }

  public Collection<Rule> all() {
    return rules.values();
  }

  public boolean contains(String id) {
    return rules.containsKey(id);
  }

  private static RuleCatalog load() {
    ObjectMapper json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    Map<String, Rule> rules = new LinkedHashMap<>();
    try (InputStream idx = RuleCatalog.class.getResourceAsStream(BASE + "index.txt")) {
      if (idx == null) throw new IllegalStateException("rule index missing from the classpath");
      BufferedReader r = new BufferedReader(new InputStreamReader(idx, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        try (InputStream in = RuleCatalog.class.getResourceAsStream(BASE + line)) {
          if (in == null) throw new IllegalStateException("rule file " + line + " is listed but missing");
          for (JsonNode n : json.readTree(in)) {
            Rule rule =
                new Rule(
                    n.path("id").asText(),
                    Severity.parse(n.path("severity").asText()),
                    Owasp.valueOf(n.path("owasp").asText()),
                    n.hasNonNull("cwe") ? n.get("cwe").asText() : null,
                    n.path("title").asText(),
                    n.path("help").asText());
            if (rule.id().isEmpty() || rule.title().isEmpty() || rule.help().isEmpty())
              throw new IllegalStateException(line + ": rule without id, title or help: " + n);
            if (rules.putIfAbsent(rule.id(), rule) != null)
              throw new IllegalStateException(line + ": duplicate rule id " + rule.id());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RuleCatalog(rules);
  }
}
