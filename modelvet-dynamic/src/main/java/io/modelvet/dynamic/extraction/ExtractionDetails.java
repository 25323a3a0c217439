package io.modelvet.dynamic.extraction;

import java.util.List;

/**
 * Data behind the model-extraction charts.
 *
 * @param curve surrogate quality per query budget
 * @param heldOut held-out rows used to measure fidelity and accuracy
 * @param victimAccuracy the victim's own accuracy on the held-out rows (null without labels)
 * @param querySource where the queries came from
 * @param equationSolving the equation-solving attack's outcome, or null when the output has no scores
 */
public record ExtractionDetails(List<CurvePoint> curve, int heldOut, Double victimAccuracy, String querySource, EquationSolvingResult equationSolving) {
  /**
   * @param queries victim queries used to train the surrogate
   * @param fidelity share of held-out rows on which surrogate and victim agree
   * @param accuracy surrogate accuracy against the true labels (null without labels)
   */
  public record CurvePoint(int queries, double fidelity, Double accuracy) {}

  /**
   * @param queries queries spent (d + 1 to solve, the rest to check)
   * @param linear whether the victim's log-odds were linear, i.e. the weights were recovered
   * @param maxResidual largest log-odds error on the check queries
   * @param weightsPreview first recovered weight differences w_1 - w_0 (at most 8)
   */
  public record EquationSolvingResult(int queries, boolean linear, double maxResidual, List<Double> weightsPreview) {}
}
