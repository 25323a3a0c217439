package io.modelvet.config;

import java.util.Collection;
import java.util.Comparator;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean ...?" for a misspelt key or rule id: the nearest valid word by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /** {@code " (did you mean 'x'?)"} when a valid word is close enough, else an empty string. */
  public static String didYouMean(String typed, Collection<String> valid) {
    if (typed == null || valid.isEmpty()) return "";
    LevenshteinDistance d = LevenshteinDistance.getDefaultInstance();
    String best = valid.stream().min(Comparator.comparingInt((String v) -> d.apply(typed, v)).thenComparing(v -> v)).orElseThrow();
    int distance = d.apply(typed, best);
    return distance <= Math.max(2, best.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }
}
