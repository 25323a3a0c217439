package io.modelvet.dynamic.robustness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A linear fixture f(x) = w.x + b (weights from its JSON) with the correctly classified points of
 * its CSV, for the analytic robustness oracles.
 */
final class LinearFixture implements AutoCloseable {
  final double[] w;
  final double b;
  final OnnxClassifier model;
  final List<double[]> xs = new ArrayList<>();
  final List<Integer> ys = new ArrayList<>();

  /** Loads {@code name}.onnx / .json and up to {@code limit} correctly classified rows of {@code csv}. */
  LinearFixture(String name, String csv, InputDomain domain, int limit) throws IOException {
    JsonNode j = new ObjectMapper().readTree(Fixtures.path(name + ".json").toFile());
    w = new double[j.get("w").size()];
    for (int i = 0; i < w.length; i++) w[i] = j.get("w").get(i).asDouble();
    b = j.get("b").asDouble();
    Dataset data = DataLoader.load(Fixtures.path(csv), new DataSpec("target", List.of(), List.of()));
    model = OnnxClassifier.open(Fixtures.path(name + ".onnx"), domain, 1, 0);
    int[] pred = model.predict(data.x());
    for (int i = 0; i < data.rows() && xs.size() < limit; i++) {
      if (pred[i] == data.y()[i]) {
        xs.add(data.x()[i]);
        ys.add(data.y()[i]);
      }
    }
  }

  double f(double[] x) {
    double s = b;
    for (int j = 0; j < w.length; j++) s += w[j] * x[j];
    return s;
  }

  /** Whether {@code adversarial} lies on the other side of the decision boundary from {@code x}. */
  boolean flipped(double[] adversarial, double[] x) {
    return Math.signum(f(adversarial)) != Math.signum(f(x));
  }

  /**
   * The smallest perturbation that reaches the hyperplane when no bound binds: |f(x)| / ||w||_2 for
   * L2 and |f(x)| / ||w||_1 for L-inf (the dual norm of w).
   */
  double unconstrainedOptimum(double[] x, Norm norm) {
    double n = 0;
    for (double v : w) n += norm == Norm.L2 ? v * v : Math.abs(v);
    return Math.abs(f(x)) / (norm == Norm.L2 ? Math.sqrt(n) : n);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  @Override
  public void close() {
    model.close();
  }
}
