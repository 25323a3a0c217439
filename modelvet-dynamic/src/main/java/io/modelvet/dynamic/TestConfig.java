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
 * @param extractionBudget most victim queries the extraction surrogate is trained on
 * @param inferColumn feature column whose value the inversion test infers, or null
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
    Thresholds thresholds,
    int extractionBudget,
    String inferColumn) {

  public static final Set<String> ALL = Set.of("robustness", "privacy", "fairness", "stability", "backdoor", "inversion", "extraction");

  /** The families run when none are named (the round-2 families are opt-in: they cost more queries). */
  public static final List<String> DEFAULT_TESTS = List.of("stability", "robustness", "privacy", "fairness");

  /** Default most queries for model extraction. */
  public static final int DEFAULT_EXTRACTION_BUDGET = 10_000;

  /** Settings without the round-2 options (extraction budget default, no inferred column). */
  public TestConfig(Set<String> tests, Norm norm, List<Double> epsilons, int budget, int samples, long seed, int positiveLabel, int bootstrap, Thresholds thresholds) {
    this(tests, norm, epsilons, budget, samples, seed, positiveLabel, bootstrap, thresholds, DEFAULT_EXTRACTION_BUDGET, null);
  }

  /** Defaults: the four original families, L-inf, budget 1000, 100 points, seed 0, positive label 1, 200 resamples. */
  public static TestConfig defaults() {
    return new TestConfig(Set.copyOf(DEFAULT_TESTS), Norm.LINF, List.of(), 1000, 100, 0, 1, 200, new Thresholds());
  }

}
