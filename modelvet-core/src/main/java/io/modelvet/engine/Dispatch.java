package io.modelvet.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the scanner for a file: the highest {@link Scanner#sniff} score wins, and equal scores go
 * to the scanner registered first. Scanners are asked in order of their {@link
 * Scanner#sniffCeiling() ceiling}, highest first, and asking stops once no scanner left could
 * score as high as the best so far: a pickle is not also read as Python, YAML and requirements
 * text. A score above a scanner's ceiling counts as the ceiling, so the choice is always the one
 * asking every scanner would make. Also knows which scanners claim an extension, for the
 * extension-mismatch check.
 */
final class Dispatch {
  private final Scanner[] scanners; // ceiling descending, then registry order
  private final int[] ceilings;
  private final int[] ranks; // position in the registry
  private final java.util.Map<String, List<Scanner>> byExtension = new java.util.HashMap<>();

  Dispatch(List<Scanner> registry) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < registry.size(); i++) order.add(i);
    order.sort(Comparator.comparingInt((Integer i) -> -registry.get(i).sniffCeiling()).thenComparingInt(i -> i));
    scanners = new Scanner[order.size()];
    ceilings = new int[order.size()];
    ranks = new int[order.size()];
    for (int k = 0; k < order.size(); k++) {
      scanners[k] = registry.get(order.get(k));
      ceilings[k] = scanners[k].sniffCeiling();
      ranks[k] = order.get(k);
    }
    for (Scanner s : registry)
      for (String ext : s.extensions()) byExtension.computeIfAbsent(ext, e -> new ArrayList<>()).add(s);
  }

  /** The scanners whose formats conventionally use this extension, in registry order (may be empty). */
  List<Scanner> claimants(String extension) {
    return byExtension.getOrDefault(extension, List.of());
  }

  /** The scanner for this head, or null when none recognises it. */
  Scanner choose(Head head) {
    Scanner best = null;
    int bestScore = 0;
    int bestRank = Integer.MAX_VALUE;
    for (int k = 0; k < scanners.length; k++) {
      if (ceilings[k] < bestScore || ceilings[k] <= 0) break; // nobody left can win
      int score;
      try {
        score = Math.min(scanners[k].sniff(head), ceilings[k]);
      } catch (RuntimeException e) {
        score = 0; // a sniffer that fails on hostile bytes does not claim the file
      }
      if (score > bestScore || (score == bestScore && score > 0 && ranks[k] < bestRank)) {
        best = scanners[k];
        bestScore = score;
        bestRank = ranks[k];
      }
    }
    return best;
  }
}
