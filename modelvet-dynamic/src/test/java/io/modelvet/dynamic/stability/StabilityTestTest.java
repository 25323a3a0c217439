package io.modelvet.dynamic.stability;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OutputKind;
import io.modelvet.dynamic.report.Status;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.report.Severity;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The probes must catch a noisy, batch-dependent, badly normalised model and pass a clean one. */
class StabilityTestTest {

  /** Two-feature threshold model; knobs make it misbehave. */
  static final class Toy implements Classifier {
    final boolean noisy;
    final boolean batchDependent;
    final double probScale;
    final SplittableRandom rng = new SplittableRandom(1);
    long queries;

    Toy(boolean noisy, boolean batchDependent, double probScale) {
      this.noisy = noisy;
      this.batchDependent = batchDependent;
      this.probScale = probScale;
    }

    public int inputSize() { return 2; }
    public int[] sampleShape() { return new int[] {2}; }
    public int numClasses() { return 2; }
    public OutputKind outputKind() { return OutputKind.PROBABILITIES; }
    public long queries() { return queries; }
    public long runtimeNanos() { return 0; }
    public void close() {}

    public double[][] rawScores(double[][] rows) {
      queries += rows.length;
      double shift = batchDependent ? rows.length * 0.01 : 0;
      double[][] out = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        double z = 40 * (rows[i][0] - 0.5) + (noisy ? rng.nextDouble() * 1e-3 : 0) + shift;
        double p = 1 / (1 + Math.exp(-z));
        out[i] = new double[] {(1 - p) * probScale, p * probScale};
      }
      return out;
    }

    public double[][] logProbabilities(double[][] rows) {
      double[][] r = rawScores(rows);
      for (double[] v : r) for (int k = 0; k < 2; k++) v[k] = Math.log(Math.max(v[k] / probScale, 1e-300));
      return r;
    }
  }

  static Dataset data() {
    SplittableRandom r = new SplittableRandom(4);
    double[][] x = new double[200][2];
    for (double[] row : x) {
      row[0] = r.nextDouble();
      row[1] = r.nextDouble();
    }
    return new Dataset(x, null, new String[] {"decisive", "ignored"}, Map.of(), "toy");
  }

  @Test
  void cleanModelPassesProbes() {
    TestResult r = StabilityTest.run(new Toy(false, false, 1), InputDomain.uniform(2, 0, 1, "t"), data(), TestConfig.defaults());
    assertThat(r.findings()).extracting(f -> f.id()).doesNotContain("stability.stochastic", "stability.batch-dependence", "stability.probability-sum");
    StabilityDetails d = (StabilityDetails) r.details();
    assertThat(d.features().get(0).feature()).isEqualTo("decisive");
    assertThat(d.features().get(1).maxChangedShare()).isZero();
  }

  @Test
  void catchesStochasticBatchDependentAndUnnormalisedOutputs() {
    TestResult r = StabilityTest.run(new Toy(true, true, 1.5), InputDomain.uniform(2, 0, 1, "t"), data(), TestConfig.defaults());
    assertThat(r.findings()).extracting(f -> f.id()).contains("stability.stochastic", "stability.batch-dependence", "stability.probability-sum");
    assertThat(r.status()).isEqualTo(Status.WARN);
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isLessThanOrEqualTo(Severity.MEDIUM));
  }
}
