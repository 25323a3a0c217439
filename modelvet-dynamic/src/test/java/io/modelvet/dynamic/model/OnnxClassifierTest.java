package io.modelvet.dynamic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxClassifierTest {

  @Test
  void decodesZipMapProbabilitiesAndCountsQueries() {
    Dataset d = DataLoader.load(Fixtures.path("breast_cancer_test.csv"), new DataSpec("target", List.of("clinic", "age_band"), List.of()));
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("breast_cancer_lr.onnx"), InputDomain.fromData(d.x()), 1, 2)) {
      assertThat(m.outputKind()).isEqualTo(OutputKind.PROBABILITIES);
      assertThat(m.numClasses()).isEqualTo(2);
      long q = m.queries();
      double[][] lp = m.logProbabilities(d.x());
      assertThat(m.queries() - q).isEqualTo(d.rows());
      int correct = 0;
      for (int i = 0; i < lp.length; i++) {
        assertThat(Math.exp(lp[i][0]) + Math.exp(lp[i][1])).isCloseTo(1.0, within(1e-5));
        if (Scores.argmax(lp[i]) == d.y()[i]) correct++;
      }
      assertThat((double) correct / d.rows()).isGreaterThan(0.9);
    }
  }

  @Test
  void logitOutputsAndImageShapesAreRecognised() {
    try (OnnxClassifier mlp = OnnxClassifier.open(Fixtures.path("digits_mlp.onnx"), InputDomain.uniform(64, 0, 16, "t"), 1, 10);
        OnnxClassifier cnn = OnnxClassifier.open(Fixtures.path("digits_cnn.onnx"), InputDomain.uniform(64, 0, 16, "t"), 1, 10)) {
      assertThat(mlp.outputKind()).isEqualTo(OutputKind.LOGITS);
      assertThat(mlp.sampleShape()).containsExactly(64);
      assertThat(cnn.outputKind()).isEqualTo(OutputKind.PROBABILITIES);
      assertThat(cnn.sampleShape()).containsExactly(1, 8, 8);
      assertThat(cnn.numClasses()).isEqualTo(10);
      Dataset d = DataLoader.load(Fixtures.path("digits_test.npz"), new DataSpec(null, List.of(), List.of()));
      int[] a = mlp.predict(d.x());
      int[] b = cnn.predict(d.x());
      int agree = 0;
      for (int i = 0; i < a.length; i++) if (a[i] == b[i]) agree++;
      assertThat(agree).isGreaterThan(270); // two accurate models agree on nearly all digits
    }
  }

  @Test
  void explainsShapeMismatchAndNaN() {
    assertThatThrownBy(() -> OnnxClassifier.open(Fixtures.path("digits_cnn.onnx"), InputDomain.uniform(30, 0, 1, "t"), 1, 10))
        .isInstanceOf(ModelException.class).hasMessageContaining("30 features");
    assertThatThrownBy(() -> OnnxClassifier.open(Fixtures.path("digits_mlp.onnx"), InputDomain.uniform(70, 0, 16, "t"), 1, 10))
        .isInstanceOf(ModelException.class).hasMessageContaining("6 column(s) too many").hasMessageContaining("--target").hasMessageContaining("--sensitive");
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("digits_mlp.onnx"), InputDomain.uniform(64, 0, 16, "t"), 1, 10)) {
      double[] row = new double[64];
      row[5] = Double.NaN;
      assertThatThrownBy(() -> m.predict(new double[][] {row})).hasMessageContaining("feature 5 is NaN");
      assertThatThrownBy(() -> m.predict(new double[][] {new double[10]})).hasMessageContaining("expects 64");
    }
  }

  @Test
  void normalisationIsAppliedBeforeTheModel() {
    // linear_bc expects standardised inputs; feeding raw-scale rows through mean/std must give the same logits
    double[] mean = new double[30];
    double[] std = new double[30];
    java.util.Arrays.fill(mean, 10);
    java.util.Arrays.fill(std, 2);
    InputDomain plain = InputDomain.uniform(30, -40, 40, "t");
    InputDomain norm = InputDomain.uniform(30, -100, 100, "t").withNormalisation(mean, std);
    double[] z = new double[30];
    double[] raw = new double[30];
    for (int j = 0; j < 30; j++) {
      z[j] = (j % 7) / 3.0 - 1;
      raw[j] = z[j] * 2 + 10;
    }
    try (OnnxClassifier a = OnnxClassifier.open(Fixtures.path("linear_bc.onnx"), plain, 1, 0);
        OnnxClassifier b = OnnxClassifier.open(Fixtures.path("linear_bc.onnx"), norm, 1, 0)) {
      assertThat(b.logProbabilities(new double[][] {raw})[0][1]).isCloseTo(a.logProbabilities(new double[][] {z})[0][1], within(1e-5));
    }
  }
}
