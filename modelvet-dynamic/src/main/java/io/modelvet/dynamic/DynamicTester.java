package io.modelvet.dynamic;

import io.modelvet.dynamic.backdoor.BackdoorTest;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.extraction.ModelExtractionTest;
import io.modelvet.dynamic.inversion.InversionTest;
import io.modelvet.dynamic.fairness.FairnessTest;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.InputMap;
import io.modelvet.dynamic.model.OnnxClassifier;
import io.modelvet.dynamic.privacy.MembershipInferenceTest;
import io.modelvet.dynamic.privacy.ReferenceModels;
import io.modelvet.dynamic.report.DynamicReport;
import io.modelvet.dynamic.report.TestResult;
import io.modelvet.dynamic.robustness.RobustnessTest;
import io.modelvet.dynamic.stability.StabilityTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the requested test families against one ONNX model and collects a {@link DynamicReport}.
 * Order: stability (cheap integrity probes first), robustness, privacy, fairness, then the opt-in
 * families backdoor, inversion and extraction.
 */
public final class DynamicTester {
  private final TestConfig cfg;
  private final Progress progress;
  private final InputMap inputMap;

  public DynamicTester(TestConfig cfg, Progress progress) {
    this(cfg, progress, null);
  }

  private DynamicTester(TestConfig cfg, Progress progress, InputMap inputMap) {
    this.cfg = cfg;
    this.progress = progress;
    this.inputMap = inputMap;
  }

  /** A tester that feeds models with several inputs as {@code map} says (null: one input). */
  public DynamicTester withInputs(InputMap map) {
    return new DynamicTester(cfg, progress, map);
  }

  /**
   * @param modelPath the .onnx file
   * @param domain input bounds in user units (and optional normalisation)
   * @param data evaluation data (labels and sensitive columns as available)
   * @param members known training members, or null
   * @param nonMembers known non-members, or null
   */
  public DynamicReport run(Path modelPath, InputDomain domain, Dataset data, Dataset members, Dataset nonMembers) throws IOException {
    return run(modelPath, domain, data, members, nonMembers, List.of(), null);
  }

  /**
   * As {@link #run(Path, InputDomain, Dataset, Dataset, Dataset)}, plus reference models for LiRA.
   *
   * @param referenceModels reference .onnx files (may be empty)
   * @param memberships {@code [auditRow][model]} membership of members-then-non-members rows in
   *     each reference model's training set, or null
   */
  public DynamicReport run(Path modelPath, InputDomain domain, Dataset data, Dataset members, Dataset nonMembers,
      List<Path> referenceModels, boolean[][] memberships) throws IOException {
    long t0 = System.nanoTime();
    List<Classifier> refs = new ArrayList<>();
    try {
      for (Path p : referenceModels) refs.add(OnnxClassifier.open(p, domain, 1, data.labelClasses(), inputMap));
      ReferenceModels references = refs.isEmpty() || memberships == null ? null : new ReferenceModels(refs, memberships);
      return runWith(modelPath, domain, data, members, nonMembers, references, t0);
    } finally {
      for (Classifier c : refs) c.close();
    }
  }

  private DynamicReport runWith(Path modelPath, InputDomain domain, Dataset data, Dataset members, Dataset nonMembers,
      ReferenceModels references, long t0) throws IOException {
    try (OnnxClassifier model = OnnxClassifier.open(modelPath, domain, 1, data.labelClasses(), inputMap)) {
      domain = model.withIntegerInputs(domain);
      List<TestResult> results = new ArrayList<>();
      if (cfg.tests().contains("stability")) {
        progress.update("stability", 0, 1);
        results.add(StabilityTest.run(model, domain, data, cfg));
      }
      if (cfg.tests().contains("robustness")) results.add(RobustnessTest.run(model, domain, data, cfg, progress));
      if (cfg.tests().contains("privacy")) {
        progress.update("privacy", 0, 1);
        results.add(MembershipInferenceTest.run(model, members, nonMembers, references, cfg));
      }
      if (cfg.tests().contains("fairness")) {
        progress.update("fairness", 0, 1);
        results.add(FairnessTest.run(model, data, cfg));
      }
      if (cfg.tests().contains("backdoor")) results.add(BackdoorTest.run(model, domain, data, cfg, progress));
      if (cfg.tests().contains("inversion")) results.add(InversionTest.run(model, domain, data, cfg, progress));
      if (cfg.tests().contains("extraction")) results.add(ModelExtractionTest.run(model, domain, data, cfg, progress));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", modelPath.toString());
      m.put("sha256", sha256(modelPath));
      m.put("signature", model.describe());
      m.put("outputs", model.outputSignature());
      m.put("outputKind", model.outputKind().name().toLowerCase(java.util.Locale.ROOT));
      m.put("classes", model.numClasses());
      m.put("sampleShape", model.sampleShape());
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("file", data.source());
      d.put("rows", data.rows());
      d.put("features", data.features());
      d.put("labels", data.hasLabels());
      d.put("sensitive", new ArrayList<>(data.sensitive().keySet()));
      if (members != null) d.put("members", members.source() + " (" + members.rows() + " rows)");
      if (nonMembers != null) d.put("nonMembers", nonMembers.source() + " (" + nonMembers.rows() + " rows)");
      if (references != null) d.put("referenceModels", references.models().size());
      Map<String, Object> dom = new LinkedHashMap<>();
      dom.put("source", domain.source());
      dom.put("lower", summarise(domain.lower()));
      dom.put("upper", summarise(domain.upper()));
      dom.put("normalisation", domain.mean() == null ? "none" : "(x - mean) / std before the model");
      dom.put("units", "epsilon and perturbation sizes are in these (user) units");
      dom.put("thresholds", cfg.thresholds().asMap());
      double secs = (System.nanoTime() - t0) / 1e9;
      return new DynamicReport(DynamicReport.SCHEMA_VERSION, "modelvet-dynamic", m, d, dom, cfg.seed(), results, model.queries(), Stats.round(secs));
    }
  }

  private static Object summarise(double[] v) {
    double lo = v[0];
    double hi = v[0];
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (lo == hi) return lo;
    return "per feature, " + Stats.round(lo) + " to " + Stats.round(hi);
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
