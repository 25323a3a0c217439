package io.modelvet.formats.xgboost;

import io.modelvet.formats.common.ReviewedList;
import java.util.HashSet;
import java.util.Set;

/** The objectives and boosters XGBoost implements itself (reviewed data: components.tsv). */
final class XgboostComponents {
  private static final Set<String> KNOWN = load();

  private XgboostComponents() {}

  private static Set<String> load() {
    Set<String> s = new HashSet<>();
    for (String[] row : ReviewedList.load("/io/modelvet/xgboost/components.tsv", 3, 2)) s.add(row[0] + "\t" + row[1]);
    return s;
  }

  /** True when {@code name} is a built-in component of this {@code kind} ("objective", "booster"). */
  static boolean known(String kind, String name) {
    return KNOWN.contains(kind + "\t" + name);
  }
}
