package io.modelvet.dynamic.fairness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Group fairness metrics with Fairlearn's semantics: per-group rates, differences (max - min,
 * "between groups") and ratios (min / max), and the same relative to the overall value
 * ("to overall": largest |group - overall| and smallest min(group/overall, overall/group)).
 *
 * @param overall rates over all rows
 * @param groups rates per group, sorted by name
 * @param demographicParityDifference max - min selection rate
 * @param demographicParityRatio min / max selection rate (also reported as disparate impact)
 * @param equalizedOddsDifference max of the TPR and FPR differences
 * @param equalizedOddsRatio min of the TPR and FPR ratios
 * @param equalOpportunityDifference TPR difference
 * @param equalOpportunityRatio TPR ratio
 * @param toOverallDifference per metric, largest |group - overall|
 * @param toOverallRatio per metric, smallest min(group/overall, overall/group)
 */
public record FairnessMetrics(
    GroupStats overall,
    List<GroupStats> groups,
    double demographicParityDifference,
    double demographicParityRatio,
    double equalizedOddsDifference,
    double equalizedOddsRatio,
    double equalOpportunityDifference,
    double equalOpportunityRatio,
    Map<String, Double> toOverallDifference,
    Map<String, Double> toOverallRatio) {

  static final String[] METRICS = {"selection_rate", "accuracy", "tpr", "fpr"};

  /** Computes all metrics; {@code positive} is the favourable label. */
  public static FairnessMetrics compute(int[] yTrue, int[] yPred, String[] group, int positive) {
    if (yTrue.length != yPred.length || yTrue.length != group.length) throw new IllegalArgumentException("lengths differ");
    Map<String, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < group.length; i++) members.computeIfAbsent(group[i], k -> new ArrayList<>()).add(i);
    int[] all = new int[yTrue.length];
    for (int i = 0; i < all.length; i++) all[i] = i;
    GroupStats overall = GroupStats.of("overall", yTrue, yPred, positive, all);
    List<GroupStats> gs = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : members.entrySet())
      gs.add(GroupStats.of(e.getKey(), yTrue, yPred, positive, e.getValue().stream().mapToInt(Integer::intValue).toArray()));
    double dpd = diff(gs, "selection_rate");
    double dpr = ratio(gs, "selection_rate");
    double tprD = diff(gs, "tpr");
    double fprD = diff(gs, "fpr");
    double tprR = ratio(gs, "tpr");
    double fprR = ratio(gs, "fpr");
    Map<String, Double> toD = new LinkedHashMap<>();
    Map<String, Double> toR = new LinkedHashMap<>();
    for (String m : METRICS) {
      double o = overall.metric(m);
      double d = Double.NaN;
      double r = Double.NaN;
      for (GroupStats g : gs) {
        double v = g.metric(m);
        if (Double.isNaN(v) || Double.isNaN(o)) continue;
        d = Double.isNaN(d) ? Math.abs(v - o) : Math.max(d, Math.abs(v - o));
        double rr = (v == 0 && o == 0) ? 1 : Math.min(v, o) / Math.max(v, o);
        r = Double.isNaN(r) ? rr : Math.min(r, rr);
      }
      toD.put(m, d);
      toR.put(m, r);
    }
    return new FairnessMetrics(overall, gs, dpd, dpr, Math.max(tprD, fprD), Math.min(tprR, fprR), tprD, tprR, toD, toR);
  }

  private static double diff(List<GroupStats> gs, String m) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (GroupStats g : gs) {
      double v = g.metric(m);
      if (Double.isNaN(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi < lo ? Double.NaN : hi - lo;
  }

  private static double ratio(List<GroupStats> gs, String m) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (GroupStats g : gs) {
      double v = g.metric(m);
      if (Double.isNaN(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi < lo) return Double.NaN;
    return hi == 0 ? 1 : lo / hi;
  }

  /** Group stats by name. */
  public GroupStats group(String name) {
    for (GroupStats g : groups) if (g.group().equals(name)) return g;
    throw new IllegalArgumentException("no group " + name);
  }
}
