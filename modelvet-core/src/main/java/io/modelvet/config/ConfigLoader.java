package io.modelvet.config;

import io.modelvet.io.IoErrors;
import io.modelvet.report.Severity;
import io.modelvet.rules.Rule;
import io.modelvet.rules.RuleCatalog;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code .modelvet.yaml} (or {@code .modelvet.yml}) from the YAML node tree, so that every
 * error names the file, the line and the key. Unknown keys, unknown rule ids and entries without a
 * reason are errors (with the nearest valid key or rule id suggested), so a typo never silently
 * disables a suppression or an allow entry.
 */
public final class ConfigLoader {
  public static final List<String> FILE_NAMES = List.of(".modelvet.yaml", ".modelvet.yml");
  /** Larger files are not configuration files. */
  private static final long MAX_BYTES = 1 << 20;

  private static final Map<String, List<String>> KEYS =
      Map.of(
          "top", List.of("allow", "suppress", "severity"),
          "allow", List.of("module", "name", "reason"),
          "suppress", List.of("rule", "paths", "reason"),
          "severity", List.of("rule", "level", "paths", "reason"));

  private ConfigLoader() {}

  public static ScanConfig load(Path file) throws ConfigException {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) throw new ConfigException(file + ": too large for a configuration file (over 1 MiB)");
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (ConfigException e) {
      throw e;
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file (" + IoErrors.describe(e) + ")");
    }
    return new Reader(file).read(text);
  }

  /**
   * The configuration that applies to a scanned path: the nearest {@code .modelvet.yaml} in its
   * folder (a file's own folder) or a parent folder, up to the git repository root (the folder
   * holding {@code .git}) or the file-system root, like {@code .editorconfig}.
   */
  public static Optional<Path> find(Path scanned) {
    Path start = scanned.toAbsolutePath().normalize();
    for (Path dir = Files.isDirectory(start) ? start : start.getParent(); dir != null; dir = dir.getParent()) {
      for (String n : FILE_NAMES) {
        Path p = dir.resolve(n);
        if (Files.isRegularFile(p)) return Optional.of(p);
      }
      if (Files.exists(dir.resolve(".git"))) break;
    }
    return Optional.empty();
  }

  /** One file's parse: knows the file name for messages. */
  private static final class Reader {
    private final Path file;

    Reader(Path file) {
      this.file = file;
    }

    ScanConfig read(String text) throws ConfigException {
      Node root;
      try {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setMaxAliasesForCollections(20);
        root = new Yaml(new SafeConstructor(lo)).compose(new StringReader(text));
      } catch (MarkedYAMLException e) {
        int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
        throw new ConfigException(file + (line > 0 ? ":" + line : "") + ": YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : "unreadable YAML"));
      } catch (YAMLException e) {
        throw new ConfigException(file + ": YAML syntax error: " + e.getMessage());
      }
      if (root == null) return ScanConfig.empty();
      List<ScanConfig.AllowedGlobal> allow = new ArrayList<>();
      List<ScanConfig.Suppress> suppress = new ArrayList<>();
      List<ScanConfig.Override> severity = new ArrayList<>();
      for (NodeTuple t : entries(root, "top")) {
        String key = scalar(t.getKeyNode());
        for (MappingNode entry : listOfMappings(t.getValueNode(), key)) {
          Map<String, Node> e = fields(entry, key);
          switch (key) {
            case "allow" -> allow.add(new ScanConfig.AllowedGlobal(required(e, entry, "module", key), required(e, entry, "name", key), required(e, entry, "reason", key)));
            case "suppress" -> suppress.add(new ScanConfig.Suppress(rule(e, entry, key), paths(e), required(e, entry, "reason", key)));
            default -> severity.add(new ScanConfig.Override(rule(e, entry, key), level(e, entry), paths(e), required(e, entry, "reason", key)));
          }
        }
      }
      return new ScanConfig(allow, suppress, severity);
    }

    private ConfigException error(Node at, String what) {
      return new ConfigException(file + ":" + (at.getStartMark().getLine() + 1) + ": " + what);
    }

    /** The key/value pairs of a mapping whose keys must be among {@code KEYS.get(section)}. */
    private List<NodeTuple> entries(Node node, String section) throws ConfigException {
      String where = section.equals("top") ? "the top level" : "a '" + section + "' entry";
      if (!(node instanceof MappingNode m)) throw error(node, where + " must be a mapping of keys (" + String.join(", ", KEYS.get(section)) + ")");
      List<String> valid = KEYS.get(section);
      for (NodeTuple t : m.getValue()) {
        String k = scalar(t.getKeyNode());
        if (!valid.contains(k))
          throw error(t.getKeyNode(), "unknown key '" + k + "' in " + where + Suggestions.didYouMean(k, valid) + "; valid keys: " + String.join(", ", valid));
      }
      return m.getValue();
    }

    private Map<String, Node> fields(MappingNode entry, String section) throws ConfigException {
      Map<String, Node> out = new java.util.HashMap<>();
      for (NodeTuple t : entries(entry, section)) out.put(scalar(t.getKeyNode()), t.getValueNode());
      for (String field : requiredFields(section))
        if (!out.containsKey(field))
          throw error(entry, "'" + section + "' entries need " + String.join(", ", requiredFields(section)) + "; '" + field + "' is missing");
      return out;
    }

    private List<MappingNode> listOfMappings(Node node, String key) throws ConfigException {
      if (node instanceof ScalarNode s && s.getValue().isEmpty()) return List.of(); // "allow:" with nothing after it
      if (!(node instanceof SequenceNode seq)) throw error(node, "'" + key + "' must be a list of entries (each starting with '- ')");
      List<MappingNode> out = new ArrayList<>();
      for (Node n : seq.getValue()) {
        if (!(n instanceof MappingNode m)) throw error(n, "each '" + key + "' entry must be a mapping (" + String.join(", ", KEYS.get(key)) + ")");
        out.add(m);
      }
      return out;
    }

    private String required(Map<String, Node> e, Node entry, String field, String section) throws ConfigException {
      Node n = e.get(field);
      if (n == null) throw error(entry, "'" + section + "' entries need " + String.join(", ", requiredFields(section)) + "; '" + field + "' is missing");
      String v = scalar(n);
      if (v.isBlank()) throw error(n, "'" + field + "' must not be empty");
      return v;
    }

    private static List<String> requiredFields(String section) {
      return KEYS.get(section).stream().filter(k -> !k.equals("paths")).toList();
    }

    private String scalar(Node n) throws ConfigException {
      if (!(n instanceof ScalarNode s)) throw error(n, "expected a single value here, not a list or mapping");
      return s.getValue();
    }

    private List<String> paths(Map<String, Node> e) throws ConfigException {
      Node n = e.get("paths");
      if (n == null) return null;
      if (n instanceof ScalarNode s) return List.of(s.getValue());
      if (!(n instanceof SequenceNode seq)) throw error(n, "'paths' must be a glob or a list of globs");
      List<String> out = new ArrayList<>();
      for (Node p : seq.getValue()) out.add(scalar(p));
      return out;
    }

    private Severity level(Map<String, Node> e, Node entry) throws ConfigException {
      String v = required(e, entry, "level", "severity");
      try {
        return Severity.valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException x) {
        throw error(e.get("level"), "unknown level '" + v + "'" + Suggestions.didYouMean(v.toLowerCase(Locale.ROOT), List.of("info", "low", "medium", "high", "critical")) + "; valid levels: info, low, medium, high, critical");
      }
    }

    /** A rule id, {@code *} or {@code family.*}; anything else must be a known rule. */
    private String rule(Map<String, Node> e, Node entry, String section) throws ConfigException {
      String id = required(e, entry, "rule", section);
      RuleCatalog rules = RuleCatalog.get();
      if (id.equals("*") || rules.contains(id)) return id;
      Set<String> families = new TreeSet<>();
      Set<String> ids = new TreeSet<>();
      for (Rule r : rules.all()) {
        ids.add(r.id());
        families.add(r.id().substring(0, r.id().indexOf('.') + 1) + "*");
      }
      if (id.endsWith(".*")) {
        if (families.contains(id)) return id;
        throw error(e.get("rule"), "unknown rule family '" + id + "'" + Suggestions.didYouMean(id, families) + "; families: " + String.join(", ", families));
      }
      throw error(e.get("rule"), "unknown rule id '" + id + "'" + Suggestions.didYouMean(id, ids) + "; use a rule id from a report (like pickle.unknown-global), a family (pickle.*) or *");
    }
  }
}
