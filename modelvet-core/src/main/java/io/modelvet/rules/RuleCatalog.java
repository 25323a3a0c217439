package io.modelvet.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * All rules, loaded once from the JSON files listed in {@code io/modelvet/rules/index.txt}. Each
 * file holds an array of objects {@code {id, severity, owasp, cwe, title, help}}. They are read
 * with Jackson's streaming parser: every run needs the catalogue, and an object mapper's set-up
 * costs more start-up time than the reading itself. The catalogue is read on first use (the first
 * finding, a SARIF report, a configuration naming rules), so a scan that finds nothing never reads
 * it; {@code RuleCatalogTest} checks at build time that every listed file reads (docs/performance.md).
 */
public final class RuleCatalog {
  private static final String BASE = "/io/modelvet/rules/";
  private static final Set<String> KEYS = Set.of("id", "severity", "owasp", "cwe", "title", "help");
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
    JsonFactory json = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
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
          readFile(json, in, line, rules);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RuleCatalog(rules);
  }

  /** Adds the rules of one file (a JSON array of flat objects with string values) to {@code rules}. */
  private static void readFile(JsonFactory json, InputStream in, String file, Map<String, Rule> rules) throws IOException {
    try (JsonParser p = json.createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) throw new IllegalStateException(file + ": not a JSON array of rules");
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        Map<String, String> f = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonToken v = p.nextToken();
          if (!KEYS.contains(key) || !(v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NULL))
            throw new IllegalStateException(file + ": unexpected " + key + " in a rule (keys: " + KEYS + ", string values)");
          f.put(key, v == JsonToken.VALUE_NULL ? null : p.getText());
        }
        Rule rule =
            new Rule(
                f.getOrDefault("id", ""),
                Severity.parse(f.getOrDefault("severity", "")),
                Owasp.valueOf(f.getOrDefault("owasp", "")),
                f.get("cwe"),
                f.getOrDefault("title", ""),
                f.getOrDefault("help", ""));
        if (rule.id().isEmpty() || rule.title().isEmpty() || rule.help().isEmpty())
          throw new IllegalStateException(file + ": rule without id, title or help: " + f);
        if (rules.putIfAbsent(rule.id(), rule) != null)
          throw new IllegalStateException(file + ": duplicate rule id " + rule.id());
      }
      if (t != JsonToken.END_ARRAY || p.nextToken() != null) throw new IllegalStateException(file + ": not a JSON array of rules");
    }
  }
}
