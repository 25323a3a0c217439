package io.modelvet.dynamic.robustness;

import java.util.List;
import java.util.Map;

/**
 * Data behind the robustness charts.
 *
 * @param norm threat-model norm label
 * @param epsilonScale units of epsilon and distances: "per-feature range" (each feature scaled to
 *     [0, 1] by its range) or "data units"
 * @param cleanAccuracy accuracy on the sampled points before any attack
 * @param curve robust accuracy per epsilon
 * @param minimalDistances HopSkipJump distances of attacked points, sorted (infinite = not found)
 * @param hopSkipJumpPoints per attacked point: whether HopSkipJump found an adversarial and its distance
 * @param examples flipped inputs
 * @param sampleShape per-sample input shape (to draw images)
 * @param featureNames feature names (to list tabular changes)
 */
public record RobustnessDetails(
    String norm, String epsilonScale, double cleanAccuracy, List<CurvePoint> curve, List<Double> minimalDistances, List<PointDistance> hopSkipJumpPoints, List<FlipExample> examples, int[] sampleShape, List<String> featureNames) {

  /**
   * Robust accuracy at one epsilon.
   *
   * @param epsilon radius in the units of {@code epsilonScale}
   * @param byAttack robust accuracy (share of all sampled points still correct) per attack
   * @param worstCase robust accuracy counting a point broken if any attack broke it
   * @param successRate share of correctly classified points broken by some attack
   * @param lower Wilson 95 % lower bound of worstCase
   * @param upper Wilson 95 % upper bound of worstCase
   */
  public record CurvePoint(double epsilon, Map<String, Double> byAttack, double worstCase, double successRate, double lower, double upper) {}

  /**
   * HopSkipJump's outcome on one attacked point.
   *
   * @param row index in the data file
   * @param found whether an adversarial example was found
   * @param distance its distance in the norm, or null when none was found
   * @param queries queries spent
   */
  public record PointDistance(int row, boolean found, Double distance, int queries) {}

  /**
   * One input whose decision an attack flipped.
   *
   * @param row index in the data file
   * @param attack attack name
   * @param trueLabel label in the data
   * @param adversarialLabel label after the perturbation
   * @param distance perturbation size in the norm, in the units of {@code epsilonScale}
   * @param original original values
   * @param adversarial perturbed values
   */
  public record FlipExample(int row, String attack, int trueLabel, int adversarialLabel, double distance, double[] original, double[] adversarial) {}
}
