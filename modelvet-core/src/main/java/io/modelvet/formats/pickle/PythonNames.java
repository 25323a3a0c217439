package io.modelvet.formats.pickle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * CPython's Python-2 → Python-3 renaming of pickled globals ({@code _compat_pickle}), loaded from
 * {@code io/modelvet/pickle/compat.tsv}: {@code __builtin__.eval} is {@code builtins.eval}.
 */
final class PythonNames {
  private static final Map<String, String[]> NAMES = new HashMap<>();
  private static final Map<String, String> MODULES = new HashMap<>();

  static {
    try (InputStream in = PythonNames.class.getResourceAsStream("/io/modelvet/pickle/compat.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        if (f[0].equals("name")) NAMES.put(f[1] + "\u0000" + f[2], new String[] {f[3], f[4]});
        else MODULES.put(f[1], f[3]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PythonNames() {}

  /** The (module, name) the unpickler imports for a protocol 0–2 reference. */
  static String[] compat(String module, String name) {
    String[] n = NAMES.get(module + "\u0000" + name);
    if (n != null) return n;
    String m = MODULES.get(module);
    return new String[] {m != null ? m : module, name};
  }
}
