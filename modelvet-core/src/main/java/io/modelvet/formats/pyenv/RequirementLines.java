package io.modelvet.formats.pyenv;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import java.util.regex.Pattern;

/**
 * pip requirement lines (requirements.txt, the pip section of a conda environment): recognises
 * them and reports the ones that install from somewhere other than the package index by name
 * and version, which is where a model's environment file can pull in arbitrary code.
 */
final class RequirementLines {
  /** A named requirement with optional extras, version specifiers and environment marker. */
  static final Pattern NAMED = Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9._-]*(\\[[A-Za-z0-9._,\\s-]*\\])?\\s*(\\(?\\s*(===|==|>=|<=|~=|!=|<|>)\\s*[A-Za-z0-9.*+!_-]+\\s*(,\\s*(===|==|>=|<=|~=|!=|<|>)\\s*[A-Za-z0-9.*+!_-]+\\s*)*\\)?)?\\s*(;.*)?");
  private static final Pattern SPECIFIED = Pattern.compile(".*(===|==|>=|<=|~=|!=|<|>).*");
  private static final Pattern OPTION = Pattern.compile("(-[a-zA-Z]|--[a-z][a-z-]*)(\\s+|=|$).*");
  private static final Pattern DIRECT = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._\\[\\],-]*\\s*@\\s*)?((git|hg|svn|bzr)\\+\\S+|https?://\\S+|ftp://\\S+|file:\\S+|\\.{0,2}/\\S*|[A-Za-z]:\\\\\\S*|\\S+\\.(whl|tar\\.gz|zip))(\\s*;.*)?");
  private static final Pattern INDEX_OPTION = Pattern.compile("(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host)(\\s+|=)(\\S+).*");
  private static final Pattern EDITABLE = Pattern.compile("(-e|--editable)(\\s+|=)(\\S+).*");

  private static final Pattern INCLUDE = Pattern.compile("(-r|--requirement|-c|--constraint)(\\s+|=)\\S+.*");
  private static final Pattern INCLUDE_TARGET = Pattern.compile("^(-r|--requirement|-c|--constraint)(\\s+|=)");

  private RequirementLines() {}

  /** A URL, an absolute path or a path climbing out with '..'. A sibling file (MLflow's "-r requirements.txt") stays. */
  private static boolean leaves(String target) {
    String t = target.strip().replace('\\', '/');
    return t.contains("://") || t.startsWith("/") || t.matches("^[A-Za-z]:.*") || java.util.Arrays.asList(t.split("/")).contains("..");
  }

  /** True for a line a requirements file may hold (blank and comment lines included). */
  static boolean isRequirementLine(String raw) {
    String l = strip(raw);
    return l.isEmpty() || NAMED.matcher(l).matches() || OPTION.matcher(l).matches() || DIRECT.matcher(l).matches();
  }

  /** True when the line says more than a bare word: a version, an option or a direct reference. */
  static boolean isDistinctive(String raw) {
    String l = strip(raw);
    return !l.isEmpty() && (SPECIFIED.matcher(l).matches() || OPTION.matcher(l).matches() || (DIRECT.matcher(l).matches() && !NAMED.matcher(l).matches()));
  }

  /** Reports a line that installs from a URL, a version-control system, a local path or another index. */
  static void check(CappedReports out, String raw, String where) {
    String l = strip(raw);
    if (l.isEmpty()) return;
    var index = INDEX_OPTION.matcher(l);
    if (index.matches()) {
      out.report("pyenv.index-override", -1, where + " makes pip use another package source (" + index.group(1) + " " + index.group(3) + "); any package name can then resolve to code from that source.", l);
      return;
    }
    var editable = EDITABLE.matcher(l);
    String target = editable.matches() ? editable.group(3) : l;
    if (!NAMED.matcher(target).matches() && DIRECT.matcher(target).matches())
      out.report("pyenv.direct-reference", -1, where + " installs a package from a URL, a version-control repository or a local path instead of a pinned release from the index; its code is whatever that location serves when the environment is built.", l);
    else if (INCLUDE.matcher(l).matches() && leaves(INCLUDE_TARGET.matcher(l).replaceFirst("")))
      out.report("pyenv.direct-reference", -1, where + " pulls in a requirements file from outside the model folder (" + l + "), which is not shipped with the model.", l);
  }

  private static String strip(String raw) {
    String l = raw.strip();
    int hash = l.indexOf(" #");
    if (l.startsWith("#")) return "";
    return hash >= 0 ? l.substring(0, hash).strip() : l;
  }
}
