package io.modelvet.dynamic.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.robustness.Norm;
import io.modelvet.dynamic.robustness.SquareAttack;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark (a {@code main}, not a test): queries per second through the harness and the share of
 * wall time spent outside ONNX Runtime on batched queries, compared with a bare ORT loop that feeds
 * a pre-built tensor.
 *
 * <p>Run: {@code mvn -o -q -pl modelvet-dynamic test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt} then {@code java -cp
 * modelvet-dynamic/target/test-classes:modelvet-dynamic/target/classes:$(cat
 * modelvet-dynamic/target/cp.txt) io.modelvet.dynamic.bench.HarnessOverheadBench}.
 */
public final class HarnessOverheadBench {
  private HarnessOverheadBench() {}

  public static void main(String[] args) throws Exception {
    Dataset digits = DataLoader.load(Fixtures.path("digits_test.npz"), new DataSpec(null, List.of(), List.of()));
    for (String model : new String[] {"digits_mlp.onnx", "digits_cnn.onnx"}) {
      for (int batch : new int[] {64, 256, 1024}) measure(model, digits, batch);
    }
    attack(digits);
    families();
  }

  /** Issue 10 families at their defaults on the digits backdoor MLP: queries, queries/s, time outside ORT. */
  static void families() {
    Dataset bd = DataLoader.load(Fixtures.path("round2/bd_data.npz"), new DataSpec("y", List.of(), List.of()));
    InputDomain dom = InputDomain.uniform(64, 0, 16, "bench");
    io.modelvet.dynamic.TestConfig cfg = new io.modelvet.dynamic.TestConfig(java.util.Set.of("backdoor", "inversion", "extraction"), Norm.LINF, List.of(), 1000, 100, 0, 1, 200,
        new io.modelvet.dynamic.Thresholds(), io.modelvet.dynamic.TestConfig.DEFAULT_EXTRACTION_BUDGET, null);
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("round2/bd_poison_s0.onnx"), dom, 1, 10)) {
      for (String family : new String[] {"backdoor", "inversion", "extraction"}) {
        long q0 = m.queries();
        long r0 = m.runtimeNanos();
        long t0 = System.nanoTime();
        switch (family) {
          case "backdoor" -> io.modelvet.dynamic.backdoor.BackdoorTest.run(m, dom, bd, cfg, io.modelvet.dynamic.Progress.NONE);
          case "inversion" -> io.modelvet.dynamic.inversion.InversionTest.run(m, dom, bd, cfg, io.modelvet.dynamic.Progress.NONE);
          default -> io.modelvet.dynamic.extraction.ModelExtractionTest.run(m, dom, bd, cfg, io.modelvet.dynamic.Progress.NONE);
        }
        long wall = System.nanoTime() - t0;
        long ort = m.runtimeNanos() - r0;
        System.out.printf(Locale.ROOT, "%-10s defaults, digits MLP: %,d queries in %.2f s = %,.0f queries/s; time outside session.run %.1f %%%n",
            family, m.queries() - q0, wall / 1e9, (m.queries() - q0) / (wall / 1e9), 100.0 * (wall - ort) / wall);
      }
    }
  }

  static double[][] batchOf(Dataset d, int n) {
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) rows[i] = d.x()[i % d.rows()];
    return rows;
  }

  static void measure(String name, Dataset d, int batch) throws Exception {
    measure(name, d, batch, true);
    measure(name, d, batch, false);
  }

  /** Times log-probability queries ({@code scores}) or label queries through the harness. */
  static void measure(String name, Dataset d, int batch, boolean scores) throws Exception {
    InputDomain dom = InputDomain.uniform(64, 0, 16, "bench");
    double[][] rows = batchOf(d, batch);
    long target = 2_000_000_000L; // about 2 s per measurement
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path(name), dom, 1, 10)) {
      for (int i = 0; i < 200; i++) query(m, rows, scores); // warm-up
      long q0 = m.queries();
      long r0 = m.runtimeNanos();
      long t0 = System.nanoTime();
      int calls = 0;
      while (System.nanoTime() - t0 < target) {
        query(m, rows, scores);
        calls++;
      }
      long wall = System.nanoTime() - t0;
      long ort = m.runtimeNanos() - r0;
      long queries = m.queries() - q0;
      double bare = bareOrtNanosPerCall(name, rows, calls);
      System.out.printf(Locale.ROOT,
          "%-16s %-6s batch %5d: %,10.0f queries/s; time outside session.run %5.1f %%; wall vs bare ORT loop (pre-built tensor) %+6.1f %%%n",
          name, scores ? "scores" : "labels", batch, queries / (wall / 1e9), 100.0 * (wall - ort) / wall, 100.0 * (wall / (double) calls - bare) / bare);
    }
  }

  static void query(OnnxClassifier m, double[][] rows, boolean scores) {
    if (scores) m.logProbabilities(rows);
    else m.predict(rows);
  }

  /** Mean nanoseconds per session.run of the same batch with a tensor built once. */
  static double bareOrtNanosPerCall(String name, double[][] rows, int calls) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setIntraOpNumThreads(1);
    opts.setInterOpNumThreads(1);
    try (OrtSession s = env.createSession(Fixtures.path(name).toString(), opts)) {
      String input = s.getInputNames().iterator().next();
      long[] shape = name.contains("cnn") ? new long[] {rows.length, 1, 8, 8} : new long[] {rows.length, 64};
      float[] flat = new float[rows.length * 64];
      for (int i = 0; i < rows.length; i++) for (int j = 0; j < 64; j++) flat[i * 64 + j] = (float) rows[i][j];
      try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), shape)) {
        for (int i = 0; i < 50; i++) s.run(Map.of(input, t)).close();
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) s.run(Map.of(input, t)).close();
        return (System.nanoTime() - t0) / (double) calls;
      }
    }
  }

  static void attack(Dataset d) {
    InputDomain dom = InputDomain.uniform(64, 0, 16, "bench");
    try (OnnxClassifier m = OnnxClassifier.open(Fixtures.path("digits_cnn.onnx"), dom, 1, 10)) {
      double[][] x = batchOf(d, 100);
      int[] y = m.predict(x);
      long q0 = m.queries();
      long r0 = m.runtimeNanos();
      long t0 = System.nanoTime();
      new SquareAttack(Norm.LINF, 1.0, 1000, 0.3).run(m, dom, x, y, new SplittableRandom(1));
      long wall = System.nanoTime() - t0;
      long ort = m.runtimeNanos() - r0;
      System.out.printf(Locale.ROOT, "square attack    100 points, eps 1, budget 1000: %,d queries in %.2f s = %,.0f queries/s; time outside session.run %.1f %%%n",
          m.queries() - q0, wall / 1e9, (m.queries() - q0) / (wall / 1e9), 100.0 * (wall - ort) / wall);
    }
  }
}
