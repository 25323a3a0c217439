package io.modelvet.dynamic.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.report.Status;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A digits MLP trained to zero loss on 50 samples leaks membership (high AUC); a weight-decayed
 * linear model trained on 1 300 samples barely does (AUC near 0.5).
 */
class MembershipInferenceTestTest {

  static TestResult run(String model, String members, String nonMembers) {
    DataSpec spec = new DataSpec("y", List.of(), List.of());
    Dataset m = DataLoader.load(Fixtures.path(members), spec);
    Dataset n = DataLoader.load(Fixtures.path(nonMembers), spec);
    try (OnnxClassifier c = OnnxClassifier.open(Fixtures.path(model), InputDomain.uniform(64, 0, 16, "test"), 1, 10)) {
      return MembershipInferenceTest.run(c, m, n, TestConfig.defaults());
    }
  }

  static double auc(TestResult r) {
    return ((Number) r.metrics().get("auc")).doubleValue();
  }

  @Test
  void overfitModelLeaksMembership() {
    TestResult r = run("digits_overfit.onnx", "overfit_members.npz", "overfit_nonmembers.npz");
    assertThat(auc(r)).isGreaterThan(0.75);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.id()).isEqualTo("privacy.membership-leak");
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
    });
    PrivacyDetails d = (PrivacyDetails) r.details();
    assertThat(d.attacks()).hasSize(4);
    assertThat(d.members()).isEqualTo(50).isEqualTo(d.nonMembers());
  }

  @Test
  void wellGeneralisingModelIsNearChance() {
    TestResult r = run("digits_general.onnx", "general_members.npz", "general_nonmembers.npz");
    assertThat(auc(r)).isBetween(0.45, 0.6);
    assertThat(r.findings()).noneSatisfy(f -> assertThat(f.severity()).isGreaterThanOrEqualTo(Severity.MEDIUM));
  }

  @Test
  void signalsAreOrientedTowardsMembers() {
    double[] confident = {Math.log(0.98), Math.log(0.01), Math.log(0.01)};
    double[] unsure = {Math.log(0.4), Math.log(0.3), Math.log(0.3)};
    for (MembershipSignals s : MembershipSignals.values())
      assertThat(s.score(confident, 0)).as(s.label()).isGreaterThan(s.score(unsure, 0));
    // modified entropy penalises confident wrong predictions, plain entropy does not
    assertThat(MembershipSignals.MODIFIED_ENTROPY.score(confident, 1)).isLessThan(MembershipSignals.MODIFIED_ENTROPY.score(unsure, 1));
    assertThat(MembershipSignals.ENTROPY.score(confident, 1)).isGreaterThan(MembershipSignals.ENTROPY.score(unsure, 1));
  }

  @Test
  void skipsWithoutMembers() {
    try (OnnxClassifier c = OnnxClassifier.open(Fixtures.path("digits_general.onnx"), InputDomain.uniform(64, 0, 16, "t"), 1, 10)) {
      assertThat(MembershipInferenceTest.run(c, null, null, TestConfig.defaults()).status()).isEqualTo(Status.SKIPPED);
    }
  }
}
