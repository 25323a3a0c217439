package io.modelvet.formats.pickle;

import io.modelvet.config.ScanConfig;
import io.modelvet.report.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The default-deny policy for pickle globals, loaded from reviewed data files in {@code
 * io/modelvet/pickle/}: {@code allow.tsv} (exact module/name pairs real libraries need), {@code
 * deny.tsv} (known gadgets with severity, category and reason, module entries covering
 * sub-modules), {@code smells.tsv} (name words that raise an unknown invoked callable to HIGH) and
 * {@code loaders.tsv} (functions that load or decode nested payloads) and {@code array-data.tsv}
 * (arguments that are raw array bytes, never staged programs).
 */
public final class PicklePolicy {
  private static final String BASE = "/io/modelvet/pickle/";
  private static volatile PicklePolicy defaults;

  /** How a reference is classified. */
  public enum Kind {
    ALLOWED,
    DENIED,
    UNKNOWN
  }

  /** What an allow-listed callable does with its arguments. */
  public record AllowEntry(String reason, int callsArg, int constructsArg) {}

  /** A deny-list entry. */
  public record DenyEntry(String module, String name, Severity severity, String category, String reason) {
    String display() {
      return name.equals("*") ? module + ".*" : ("*".equals(module) ? "*." : module + ".") + name;
    }
  }

  /**
   * The classification of one reference.
   *
   * @param kind allowed, denied or unknown
   * @param deny the matching deny entry when denied
   * @param allow the matching allow entry when allowed
   */
  public record Decision(Kind kind, DenyEntry deny, AllowEntry allow) {}

  private final Map<String, AllowEntry> allow = new HashMap<>();
  private final Map<String, DenyEntry> denyExact = new HashMap<>();
  private final Map<String, DenyEntry> denyModules = new HashMap<>();
  private final Map<String, DenyEntry> denyAnyModule = new HashMap<>();
  private final Set<String> smells = new HashSet<>();
  private final Map<String, String> loaders = new HashMap<>();
  private final Map<String, String> arrayData = new HashMap<>();
  private final Map<String, String> wrappers = new HashMap<>();
  /** Length of the longest module and of the longest name of a deny entry (bounds the lookups). */
  private int longestModule;
  private int longestName;

  private PicklePolicy() {}

  /** The built-in policy. */
  public static PicklePolicy defaults() {
    PicklePolicy p = defaults;
    if (p == null) {
      synchronized (PicklePolicy.class) {
        if (defaults == null) defaults = load();
        p = defaults;
      }
    }
    return p;
  }

  /** The built-in policy plus the user's allow entries from the scan configuration. */
  public static PicklePolicy withConfig(ScanConfig config) {
    if (config.allow().isEmpty()) return defaults();
    PicklePolicy base = defaults();
    PicklePolicy p = new PicklePolicy();
    p.allow.putAll(base.allow);
    p.denyExact.putAll(base.denyExact);
    p.denyModules.putAll(base.denyModules);
    p.denyAnyModule.putAll(base.denyAnyModule);
    p.smells.addAll(base.smells);
    p.loaders.putAll(base.loaders);
    p.arrayData.putAll(base.arrayData);
    p.wrappers.putAll(base.wrappers);
    p.longestModule = base.longestModule;
    p.longestName = base.longestName;
    for (ScanConfig.AllowedGlobal g : config.allow())
      p.allow.put(key(g.module(), g.name()), new AllowEntry("allowed by configuration: " + g.reason(), -1, -1));
    return p;
  }

  private static PicklePolicy load() {
    PicklePolicy p = new PicklePolicy();
    read("allow.tsv", f -> {
      int calls = -1;
      int constructs = -1;
      for (int i = 3; i < f.length; i++) {
        if (f[i].startsWith("calls=")) calls = Integer.parseInt(f[i].substring(6));
        if (f[i].startsWith("constructs=")) constructs = Integer.parseInt(f[i].substring(11));
      }
      p.allow.put(key(f[0], f[1]), new AllowEntry(f[2], calls, constructs));
    });
    read("deny.tsv", f -> {
      DenyEntry e = new DenyEntry(f[0], f[1], Severity.valueOf(f[2]), f[3], f[4]);
      if (f[0].equals("*")) p.denyAnyModule.putIfAbsent(f[1], e);
      else if (f[1].equals("*")) p.denyModules.putIfAbsent(f[0], e);
      else p.denyExact.putIfAbsent(key(f[0], f[1]), e);
      p.longestModule = Math.max(p.longestModule, f[0].length());
      p.longestName = Math.max(p.longestName, f[1].length());
    });
    read("smells.tsv", f -> p.smells.add(f[0]));
    read("loaders.tsv", f -> p.loaders.put(key(f[0], f[1]), f[2]));
    read("array-data.tsv", f -> p.arrayData.put(key(f[0], f[1]), f[2]));
    read("wrappers.tsv", f -> p.wrappers.put(key(f[0], f[1]), f[2]));
    return p;
  }

  private static void read(String file, Consumer<String[]> row) {
    try (InputStream in = PicklePolicy.class.getResourceAsStream(BASE + file)) {
      if (in == null) throw new IllegalStateException("missing policy file " + file);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        if (f.length < 2) throw new IllegalStateException("policy file " + file + ": bad row " + line);
        row.accept(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key(String module, String name) {
    return module + "\u0000" + name;
  }

  /**
   * Classifies {@code module.name}. Exact deny entries win, then exact allow entries; otherwise
   * every dotted component is checked against the deny list — parent modules ({@code
   * asyncio.unix_events} under {@code asyncio}), attribute paths in the name ({@code builtins
   * eval.__call__}, {@code pathlib os.system}) and introspection attributes in any position.
   */
  public Decision classify(String module, String name) {
    DenyEntry exact = denyExact.get(key(module, name));
    if (exact != null) return new Decision(Kind.DENIED, exact, null);
    AllowEntry a = allow.get(key(module, name));
    if (a != null) return new Decision(Kind.ALLOWED, null, a);
    DenyEntry worst = null;
    for (DenyEntry e : componentMatches(module, name)) if (worst == null || e.severity().compareTo(worst.severity()) > 0) worst = e;
    if (worst != null) return new Decision(Kind.DENIED, worst, null);
    return new Decision(Kind.UNKNOWN, null, null);
  }

  private List<DenyEntry> componentMatches(String module, String name) {
    List<DenyEntry> hits = new ArrayList<>();
    String[] parts = name.split("\\.", -1);
    // module and its parents
    moduleHits(module, hits);
    // module + leading parts of the name: "os" + "path.join" -> "os.path" / "join". Its parents were
    // checked in the rounds before. No deny key is longer than the longest entry, so longer prefixes
    // and rests are never built: a hostile name of thousands of components would otherwise cost
    // time and memory quadratic in its length.
    StringBuilder prefix = new StringBuilder(module);
    int restStart = 0;
    for (int i = 0; i < parts.length && prefix.length() <= longestModule; i++) {
      String p = prefix.toString();
      if (name.length() - restStart <= longestName) add(hits, denyExact.get(key(p, name.substring(restStart))));
      add(hits, denyExact.get(key(p, parts[i])));
      if (i > 0) add(hits, denyModules.get(p));
      prefix.append('.').append(parts[i]);
      restStart += parts[i].length() + 1;
    }
    // each name component on its own: "pathlib" + "os.system" reaches os
    for (int i = 0; i < parts.length; i++) {
      add(hits, denyAnyModule.get(parts[i]));
      if (parts.length > 1 && i < parts.length - 1) {
        add(hits, denyModules.get(parts[i]));
        add(hits, denyExact.get(key(parts[i], parts[i + 1])));
      }
    }
    return hits;
  }

  /** The deny entries of {@code module} and of its parents, the module itself first. */
  private void moduleHits(String module, List<DenyEntry> hits) {
    for (int end = module.length(); end >= 0; end = module.lastIndexOf('.', end - 1))
      if (end <= longestModule) add(hits, denyModules.get(module.substring(0, end)));
  }

  private static void add(List<DenyEntry> hits, DenyEntry e) {
    if (e != null) hits.add(e);
  }

  /** True when the last component of {@code name} contains a word that suggests side effects. */
  public boolean smells(String name) {
    String last = name.substring(name.lastIndexOf('.') + 1);
    for (String w : last.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[_\\W]+"))
      if (smells.contains(w)) return true;
    return false;
  }

  /** "partial", "apply", "getattr", "attrgetter", "methodcaller", "itemgetter" or null (wrappers.tsv). */
  public String wrapperKind(String module, String name) {
    return wrappers.get(key(module, name));
  }

  /** The positional argument of {@code module.name} that is raw array data, or -1. */
  public int arrayDataArg(String module, String name) {
    String w = arrayData.get(key(module, name));
    return w != null && w.startsWith("arg") ? Integer.parseInt(w.substring(3)) : -1;
  }

  /** The item of the BUILD state tuple of a {@code module.name} object that is raw array data, or -1. */
  public int arrayDataState(String module, String name) {
    String w = arrayData.get(key(module, name));
    return w != null && w.startsWith("state") ? Integer.parseInt(w.substring(5)) : -1;
  }

  /** "loader", "decoder" or null for {@code module.name}. */
  public String loaderKind(String module, String name) {
    return loaders.get(key(module, name));
  }
}
