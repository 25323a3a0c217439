package io.modelvet.formats.archive;

import io.modelvet.engine.ScanContext;
import io.modelvet.report.Severity;
import io.modelvet.rules.RuleCatalog;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Layout check for Keras 3 {@code .keras} archives, called by the zip scanner with the member
 * names once it knows the archive is a Keras model. Keras itself reads only {@code config.json},
 * {@code metadata.json}, the weights file and {@code assets/}; anything else is reported: code,
 * executables and pickles as HIGH (nothing in Keras needs them), other files as LOW, and names that
 * escape the extraction folder (CVE-2025-12060) as HIGH. Member contents are scanned separately by
 * the engine.
 */
public final class KerasArchiveCheck {
  private static final Set<String> EXPECTED = Set.of("config.json", "metadata.json", "model.weights.h5", "model.weights.npz");
  private static final Set<String> CODE_OR_BINARY = Set.of("py", "pyc", "pyo", "so", "dll", "dylib", "exe", "sh", "bat", "cmd", "ps1", "jar", "pkl", "pickle", "pt", "pth", "bin", "joblib", "dill", "ckpt");

  private KerasArchiveCheck() {}

  /** Reports unexpected or escaping member names of the archive in {@code ctx}. */
  public static void inspectMembers(ScanContext ctx, List<String> memberNames) {
    for (String raw : memberNames) {
      String name = raw.replace('\\', '/');
      if (escapes(name)) {
        ctx.report(RuleCatalog.rule("keras.archive-path-traversal").finding(ctx.location(-1).withDetail(raw), "The archive member '" + raw + "' has an absolute or '..' path; Keras before 3.12 would write it outside the extraction folder when loading (CVE-2025-12060).", raw));
        continue;
      }
      if (EXPECTED.contains(name) || name.startsWith("assets/") || name.endsWith("/")) continue;
      String ext = extension(name);
      boolean risky = CODE_OR_BINARY.contains(ext);
      ctx.report(
          RuleCatalog.rule("keras.archive-unexpected-member")
              .finding(
                  risky ? Severity.HIGH : Severity.LOW,
                  ctx.location(-1).withDetail(raw),
                  "The .keras archive contains '" + raw + "', which Keras does not use"
                      + (risky ? "; code, executables and pickles have no place in a Keras model and may be run by other tools or a later step." : "."),
                  raw));
    }
  }

  private static boolean escapes(String name) {
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) return true;
    for (String part : name.split("/")) if (part.equals("..")) return true;
    return false;
  }

  private static String extension(String name) {
    int slash = name.lastIndexOf('/');
    String base = name.substring(slash + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
