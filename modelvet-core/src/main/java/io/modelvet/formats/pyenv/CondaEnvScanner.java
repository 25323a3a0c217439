package io.modelvet.formats.pyenv;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.YamlSupport;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Environment files that tools build before loading a model: conda environments
 * ({@code conda.yaml}: {@code channels}, {@code dependencies} with a {@code pip} list) and MLflow's
 * {@code python_env.yaml} ({@code python}, {@code build_dependencies}, {@code dependencies}).
 * pip entries get the checks of {@link RequirementsScanner}; channels given as URLs or paths are
 * reported like another package index.
 */
public final class CondaEnvScanner implements Scanner {
  private static final Pattern DEPENDENCIES = Pattern.compile("(?m)^dependencies:\\s*$");
  private static final Pattern COMPANION = Pattern.compile("(?m)^(channels|name|python|build_dependencies):");
  private static final Pattern URL_OR_PATH = Pattern.compile("^([a-z][a-z0-9+.-]*://|file:|/|\\.{1,2}/).*");

  @Override
  public String format() {
    return "python-env";
  }

  @Override
  public int sniffCeiling() {
    return 40;
  }

  @Override
  public int sniff(Head head) {
    if (!head.looksLikeText()) return 0;
    String t = head.latin1();
    return DEPENDENCIES.matcher(t).find() && COMPANION.matcher(t).find() ? 40 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    JsonNode root = YamlSupport.readTree(ctx);
    CappedReports out = new CappedReports(ctx, 20);
    for (JsonNode ch : root.path("channels")) {
      String c = ch.asText("");
      if (URL_OR_PATH.matcher(c).matches())
        out.report("pyenv.index-override", -1, "The environment takes conda packages from channel '" + c + "', a URL or local path rather than a named public channel; any package can resolve to code from it.", c);
    }
    checkList(out, root.path("build_dependencies"), "build_dependencies");
    for (JsonNode dep : root.path("dependencies")) {
      if (dep.isObject()) checkList(out, dep.path("pip"), "dependencies.pip");
      else if (dep.isTextual() && root.has("python")) RequirementLines.check(out, dep.asText(), "dependencies");
    }
  }

  private static void checkList(CappedReports out, JsonNode list, String where) {
    for (JsonNode n : list) if (n.isTextual()) RequirementLines.check(out, n.asText(), where + " entry");
  }
}
