package io.modelvet.dynamic.stability;

import java.util.List;
import java.util.Map;

/**
 * Data behind the stability section.
 *
 * @param probes integrity probes (stochasticity, batch consistency, output sanity)
 * @param features per-feature sensitivity, most sensitive first
 */
public record StabilityDetails(List<Probe> probes, List<FeatureSensitivity> features) {
  /**
   * One integrity probe.
   *
   * @param name probe name
   * @param passed whether the model behaved
   * @param detail what was measured
   */
  public record Probe(String name, boolean passed, String detail) {}

  /**
   * How often tiny changes to one feature change the prediction.
   *
   * @param feature feature name
   * @param changedShare share of changed predictions per transformation
   * @param maxChangedShare worst transformation
   * @param meanProbabilityChange mean absolute change of the predicted class's probability
   */
  public record FeatureSensitivity(String feature, Map<String, Double> changedShare, double maxChangedShare, double meanProbabilityChange) {}
}
