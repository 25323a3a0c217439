package io.modelvet.formats.onnx;

import io.modelvet.formats.common.ReviewedList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reviewed operator knowledge for ONNX, loaded from {@code io/modelvet/onnx/*.tsv}: standard
 * schemas per domain, known domains and the ONNX Runtime contrib ops.
 */
final class OnnxOpCatalog {
  private static final String BASE = "/io/modelvet/onnx/";
  private static final OnnxOpCatalog INSTANCE = new OnnxOpCatalog();

  /** "domain\u0000op" of every standard schema, with the first opset version that defines it. */
  private final Map<String, Integer> standard = new HashMap<>();
  private final Map<String, Long> highestOpset = new HashMap<>();
  private final Map<String, String> domainKind = new HashMap<>();
  private final Set<String> ortContrib = new HashSet<>();

  private OnnxOpCatalog() {
    for (String[] row : ReviewedList.load(BASE + "standard-ops.tsv", 3, -1)) standard.merge(row[0] + "\u0000" + row[1], firstVersion(row[2]), Math::min);
    for (String[] row : ReviewedList.load(BASE + "standard-ops-extra.tsv", 4, 3)) standard.merge(row[0] + "\u0000" + row[1], firstVersion(row[2]), Math::min);
    for (String[] row : ReviewedList.load(BASE + "opset-versions.tsv", 3, 2)) highestOpset.put(row[0], Long.parseLong(row[1]));
    for (String[] row : ReviewedList.load(BASE + "op-domains.tsv", 3, 2)) domainKind.put(row[0], row[1]);
    for (String[] row : ReviewedList.load(BASE + "ort-contrib-ops.tsv", 2, 1)) ortContrib.add(row[0]);
  }

  static OnnxOpCatalog get() {
    return INSTANCE;
  }

  /** True for the default domain and the other domains the ONNX specification defines. */
  boolean isStandardDomain(String domain) {
    return "standard".equals(domainKind.get(domain));
  }

  /** True for domains whose ops ONNX Runtime compiles in (com.microsoft and its layout domains). */
  boolean isRuntimeContribDomain(String domain) {
    return "runtime-contrib".equals(domainKind.get(domain));
  }

  private static int firstVersion(String versions) {
    int first = Integer.MAX_VALUE;
    for (String v : versions.split(",")) first = Math.min(first, Integer.parseInt(v.strip()));
    return first;
  }

  boolean isStandardOp(String domain, String op) {
    return standard.containsKey(key(domain, op));
  }

  /** The first opset version of {@code domain} that defines {@code op}, or -1 when it is not a standard op. */
  int firstOpset(String domain, String op) {
    Integer v = standard.get(key(domain, op));
    return v == null ? -1 : v;
  }

  /** The highest released opset version of a standard domain, or -1 for other domains. */
  long highestOpset(String domain) {
    return highestOpset.getOrDefault("ai.onnx".equals(domain) ? "" : domain, -1L);
  }

  private static String key(String domain, String op) {
    return ("ai.onnx".equals(domain) ? "" : domain) + "\u0000" + op;
  }

  /** True when ONNX Runtime ships this contrib op (only com.microsoft ops are listed one by one). */
  boolean isReviewedContribOp(String domain, String op) {
    return !"com.microsoft".equals(domain) || ortContrib.contains(op);
  }
}
