package io.modelvet.dynamic.inversion;

import java.util.List;

/**
 * Data behind the model-inversion section.
 *
 * @param attribute attribute-inference result, or null when no column was given
 * @param reconstructions class representatives reconstructed from an image model, empty otherwise
 * @param sampleShape per-sample input shape (to draw reconstructions)
 * @param lower lowest input value (for drawing)
 * @param upper highest input value
 */
public record InversionDetails(AttributeResult attribute, List<Reconstruction> reconstructions, int[] sampleShape, double lower, double upper) {
  /**
   * @param column inferred feature
   * @param values candidate values
   * @param prior marginal frequency of each value in the data
   * @param rows records attacked
   * @param attacks accuracy, AUC and advantage per attack (the prior-only baseline first)
   */
  public record AttributeResult(String column, List<Double> values, List<Double> prior, int rows, List<AttackScore> attacks) {}

  /**
   * @param attack attack name
   * @param accuracy share of records whose value was inferred exactly
   * @param auc AUC of the score for the rarer value (binary columns), else null
   * @param advantage accuracy minus the prior-only baseline's
   */
  public record AttackScore(String attack, double accuracy, Double auc, double advantage) {}

  /**
   * @param target class
   * @param image reconstructed input
   * @param confidence model probability of the class for it
   * @param nearestDistance L2 distance to the nearest given row of that class
   * @param nearestRow that row's index in the data
   * @param nearest that row's values
   * @param queries queries spent
   */
  public record Reconstruction(int target, double[] image, double confidence, double nearestDistance, int nearestRow, double[] nearest, long queries) {}
}
