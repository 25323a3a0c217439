package io.modelvet.dynamic.fairness;

import java.util.List;
import java.util.Map;

/**
 * Data behind the fairness charts.
 *
 * @param attributes one entry per sensitive attribute and for their intersection
 */
public record FairnessDetails(List<AttributeResult> attributes) {
  /**
   * Metrics for one (possibly intersectional) attribute.
   *
   * @param attribute attribute name, "a & b" for intersections
   * @param metrics point estimates
   * @param intervals 95 % bootstrap intervals: "group/metric" or summary metric name to {lo, hi}
   */
  public record AttributeResult(String attribute, FairnessMetrics metrics, Map<String, double[]> intervals) {}
}
