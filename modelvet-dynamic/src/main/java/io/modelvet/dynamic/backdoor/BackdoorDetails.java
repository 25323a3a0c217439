package io.modelvet.dynamic.backdoor;

import java.util.List;

/**
 * Data behind the backdoor section.
 *
 * @param classes the minimal trigger found for every candidate target class
 * @param suspectedTarget the flagged class, or null
 * @param sampleShape per-sample input shape (to draw triggers of image inputs)
 * @param image whether the input is image-like (triggers drawn as images)
 * @param lower per-feature lower bound (for drawing)
 * @param upper per-feature upper bound
 * @param featureNames feature names (tabular triggers)
 */
public record BackdoorDetails(List<ClassTrigger> classes, Integer suspectedTarget, int[] sampleShape, boolean image, double[] lower, double[] upper, List<String> featureNames) {
  /**
   * @param target candidate target class
   * @param size features the trigger sets (the Neural Cleanse mask L1 norm for a binary mask)
   * @param reached whether the trigger reached the success threshold within the size cap
   * @param successRate share of held-out inputs of other classes the trigger sends to the target
   * @param anomalyIndex (median - size) / (1.4826 MAD) over classes; large = abnormally small trigger
   * @param features trigger feature indices (flat)
   * @param values values the trigger assigns to them
   * @param queries queries spent on this class
   */
  public record ClassTrigger(int target, int size, boolean reached, double successRate, double anomalyIndex, int[] features, double[] values, long queries) {}
}
