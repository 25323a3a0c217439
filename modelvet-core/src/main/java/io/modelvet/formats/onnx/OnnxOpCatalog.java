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

  /** "domain\u0000op" of every standard schema. */
  private final Set<String> standard = new HashSet<>();
  private final Map<String, String> domainKind = new HashMap<>();
  private final Set<String> ortContrib = new HashSet<>();

  private OnnxOpCatalog() {
    for (String[] row : ReviewedList.load(BASE + "standard-ops.tsv", 3, -1)) standard.add(row[0] + "\u0000" + row[1]);
    for (String[] row : ReviewedList.load(BASE + "standard-ops-extra.tsv", 4, 3)) standard.add(row[0] + "\u0000" + row[1]);
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

  boolean isStandardOp(String domain, String op) {
    return standard.contains(("ai.onnx".equals(domain) ? "" : domain) + "\u0000" + op);
  }

  /** True when ONNX Runtime ships this contrib op (only com.microsoft ops are listed one by one). */
  boolean isReviewedContribOp(String domain, String op) {
    return !"com.microsoft".equals(domain) || ortContrib.contains(op);
  }
}
