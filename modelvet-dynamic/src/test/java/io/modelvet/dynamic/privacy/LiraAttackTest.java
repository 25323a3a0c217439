package io.modelvet.dynamic.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.report.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiraAttackTest {

  @Test
  void logitConfidenceIsTheLogOdds() {
    double[] lp = {Math.log(0.7), Math.log(0.2), Math.log(0.1)};
    assertThat(LiraAttack.logitConfidence(lp, 0)).isCloseTo(Math.log(0.7 / 0.3), within(1e-12));
  }

  /** Synthetic reference statistics: members sit one pooled sd above their OUT mean. */
  @Test
  void separatesMembersWhenReferenceStatisticsAreInformative() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 400;
    int k = 16;
    double[] target = new double[n];
    double[][] ref = new double[n][k];
    boolean[][] in = new boolean[n][k];
    double[] members = new double[n / 2];
    double[] non = new double[n / 2];
    for (int i = 0; i < n; i++) {
      double difficulty = 12 * r.nextDouble() - 6; // per-row offset that a global threshold cannot remove
      for (int m = 0; m < k; m++) {
        in[i][m] = m % 2 == i % 2;
        ref[i][m] = difficulty + (in[i][m] ? 1.5 : 0) + 0.3 * gauss(r);
      }
      target[i] = difficulty + (i < n / 2 ? 1.5 : 0) + 0.3 * gauss(r);
    }
    double[] s = LiraAttack.scores(target, ref, in);
    System.arraycopy(s, 0, members, 0, n / 2);
    System.arraycopy(s, n / 2, non, 0, n / 2);
    double[] tm = java.util.Arrays.copyOfRange(target, 0, n / 2);
    double[] tn = java.util.Arrays.copyOfRange(target, n / 2, n);
    assertThat(Roc.of(members, non).auc()).isGreaterThan(0.97);
    assertThat(Roc.of(tm, tn).auc()).isLessThan(0.7); // the raw statistic alone is much weaker
  }

  @Test
  void referenceModelsStrengthenTheAttackOnRealModels() {
    InputDomain dom = InputDomain.uniform(64, 0, 16, "t");
    DataSpec spec = new DataSpec("y", List.of(), List.of());
    Dataset m = DataLoader.load(Fixtures.path("lira_members.npz"), spec);
    Dataset nm = DataLoader.load(Fixtures.path("lira_nonmembers.npz"), spec);
    boolean[][] matrix = DataLoader.loadMembershipMatrix(Fixtures.path("lira_memberships.npy"));
    assertThat(matrix).hasNumberOfRows(200);
    List<Classifier> refs = new ArrayList<>();
    try (OnnxClassifier target = OnnxClassifier.open(Fixtures.path("lira_target.onnx"), dom, 1, 10)) {
      for (int k = 0; k < 8; k++) refs.add(OnnxClassifier.open(Fixtures.path("lira_ref" + k + ".onnx"), dom, 1, 10));
      TestResult r = MembershipInferenceTest.run(target, m, nm, new ReferenceModels(refs, matrix), TestConfig.defaults());
      PrivacyDetails d = (PrivacyDetails) r.details();
      PrivacyDetails.AttackRoc lira = d.attacks().get(d.attacks().size() - 1);
      PrivacyDetails.AttackRoc loss = d.attacks().get(0);
      assertThat(lira.attack()).startsWith("LiRA");
      assertThat(lira.auc()).isGreaterThan(loss.auc());
      assertThat(lira.auc()).isGreaterThan(0.8);
    } finally {
      refs.forEach(Classifier::close);
    }
  }

  static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
