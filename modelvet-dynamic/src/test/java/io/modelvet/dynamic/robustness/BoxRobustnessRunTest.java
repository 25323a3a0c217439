package io.modelvet.dynamic.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.report.TestResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The robustness family end to end on the box logistic regression with the settings of issue 10
 * ({@code --bounds 0,1 --samples 300 --budget 5000}): HopSkipJump reports a found flag and a
 * distance for every attacked point and finds an adversarial for at least 99 % of them.
 */
class BoxRobustnessRunTest {

  /** One norm is enough for the wiring; {@link BoxLinearOracleTest} checks both against the optimum. */
  @ParameterizedTest
  @EnumSource(value = Norm.class, names = "L2")
  void everyAttackedPointGetsAFiniteDistance(Norm norm) {
    Dataset data = DataLoader.load(Fixtures.path("round2/box_lr.csv"), new DataSpec("target", List.of(), List.of()));
    InputDomain dom = InputDomain.uniform(10, 0, 1, "--bounds 0,1");
    TestConfig cfg = new TestConfig(Set.of("robustness"), norm, List.of(0.05), 5000, 300, 0, 1, 200, new Thresholds());
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/box_lr.onnx"), dom, 1, 2)) {
      TestResult r = RobustnessTest.run(m, dom, data, cfg, Progress.NONE);
      RobustnessDetails d = (RobustnessDetails) r.details();
      int attacked = ((Number) r.metrics().get("attackedPoints")).intValue();
      long found = d.hopSkipJumpPoints().stream().filter(RobustnessDetails.PointDistance::found).count();
      System.out.printf("robustness run %s: HopSkipJump found %d of %d, median %s%n", norm.label(), found, attacked, r.metrics().get("hopSkipJumpMedianDistance"));
      assertThat(d.hopSkipJumpPoints()).hasSize(attacked);
      assertThat(d.hopSkipJumpPoints()).allSatisfy(p -> assertThat(p.found()).isEqualTo(p.distance() != null));
      assertThat((double) found / attacked).isGreaterThanOrEqualTo(0.99);
      assertThat(r.metrics().get("hopSkipJumpMedianDistance")).isNotNull();
    }
  }
}
