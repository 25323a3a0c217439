package io.modelvet.formats.common.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The reviewed name lists of {@code io/modelvet/jinja/ssti-names.json}: dunders that reach
 * globals, dangerous Python names, web-framework objects and the limits for resource checks.
 */
final class SstiNames {
  private static final SstiNames INSTANCE = load();

  final Set<String> reach;
  final Set<String> dangerous;
  final Set<String> dangerousGlobals;
  final Set<String> framework;
  final int oversizedChars;
  final long rangeLow;
  final long rangeMedium;
  final int maxLoopNesting;

  private SstiNames(JsonNode root) {
    reach = names(root.path("reachDunders"));
    dangerous = names(root.path("dangerousNames"));
    Set<String> g = new HashSet<>();
    for (JsonNode n : root.path("dangerousNames")) if (n.path("global").asBoolean()) g.add(n.path("name").asText());
    dangerousGlobals = Set.copyOf(g);
    framework = names(root.path("frameworkObjects"));
    JsonNode l = root.path("limits");
    oversizedChars = l.path("oversizedTemplateChars").asInt();
    rangeLow = l.path("rangeLow").asLong();
    rangeMedium = l.path("rangeMedium").asLong();
    maxLoopNesting = l.path("maxLoopNesting").asInt();
  }

  static SstiNames get() {
    return INSTANCE;
  }

  /** True for a double-underscore name ({@code __class__}) or a listed internal one. */
  boolean isDunder(String name) {
    return (name.length() > 4 && name.startsWith("__") && name.endsWith("__")) || reach.contains(name);
  }

  private static Set<String> names(JsonNode arr) {
    Set<String> s = new HashSet<>();
    for (JsonNode n : arr) s.add(n.path("name").asText());
    return Set.copyOf(s);
  }

  private static SstiNames load() {
    try (InputStream in = SstiNames.class.getResourceAsStream("/io/modelvet/jinja/ssti-names.json")) {
      if (in == null) throw new IllegalStateException("ssti-names.json missing from the classpath");
      return new SstiNames(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
