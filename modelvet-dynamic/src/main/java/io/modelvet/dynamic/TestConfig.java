package io.modelvet.dynamic;

import io.modelvet.dynamic.robustness.Norm;
import java.util.List;
import java.util.Set;

/**
 * Settings of one dynamic test run.
 *
 * @param tests families to run: robustness, privacy, fairness, stability
 * @param norm robustness threat model norm
 * @param epsilons radii in the user's units; empty for defaults derived from the bounds
 * @param budget query budget per attacked point
 * @param samples most points attacked / probed
 * @param seed seed for every random choice
 * @param positiveLabel favourable class for fairness metrics
 * @param bootstrap bootstrap resamples for confidence intervals
 * @param thresholds limits for findings
 */
public record TestConfig(
    Set<String> tests,
    Norm norm,
    List<Double> epsilons,
    int budget,
    int samples,
    long seed,
    int positiveLabel,
    int bootstrap,
    Thresholds thresholds) {

  public static final Set<String> ALL = Set.of("robustness", "privacy", "fairness", "stability");

  /** Defaults: all tests, L-inf, budget 1000, 100 points, seed 0, positive label 1, 200 resamples. */
  public static TestConfig defaults() {
    return new TestConfig(ALL, Norm.LINF, List.of(), 1000, 100, 0, 1, 200, new Thresholds());
  }

}
