package io.modelvet.cli;

import io.modelvet.dynamic.DynamicTester;
import io.modelvet.dynamic.Progress;
import io.modelvet.dynamic.TestConfig;
import io.modelvet.dynamic.Thresholds;
import io.modelvet.dynamic.data.DataException;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.InputDomain;
import io.modelvet.dynamic.model.InputMap;
import io.modelvet.dynamic.model.ModelException;
import io.modelvet.dynamic.report.DynamicReport;
import io.modelvet.dynamic.report.HtmlReportWriter;
import io.modelvet.dynamic.report.JsonReportWriter;
import io.modelvet.dynamic.report.TextReportWriter;
import io.modelvet.dynamic.robustness.Norm;
import io.modelvet.report.Severity;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an ONNX classifier in a black-box harness and measures adversarial robustness (ML01), membership inference (ML04), group fairness and stability/output integrity; on request also backdoors/data poisoning (ML02, ML10), model inversion (ML03) and model extraction (ML05).",
      "",
      "Default robustness epsilons are per feature: a fraction of each feature's range (from --bounds-file or --bounds, else the data's min/max), so features on very different scales are perturbed alike. Epsilons given with --epsilon, and the other perturbation sizes, are in the units of the data (see --bounds, --normalise).",
      "",
      "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on; 2 usage or I/O error; 3 a requested test could not run (missing inputs) and nothing reached --fail-on."
    })
final class TestCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx classifier to test.")
  Path model;

  @Option(names = "--data", required = true, description = "Evaluation data: CSV with a header, .npy or .npz (arrays x, y, ...).")
  Path data;

  @Option(names = "--target", description = "Label column (CSV) or array (NPZ; default y).")
  String target;

  @Option(names = "--features", split = ",", description = "Feature columns in model order (default: all other columns).")
  List<String> features;

  @Option(names = "--sensitive", arity = "1..*", split = ",", description = "Sensitive attribute columns/arrays for fairness.")
  List<String> sensitive;

  @Option(names = "--members", description = "Known training members (same layout as --data).")
  Path members;

  @Option(names = "--non-members", description = "Known non-members from the same distribution.")
  Path nonMembers;

  @Option(names = "--reference-models", split = ",", description = "Reference .onnx models for the LiRA membership attack (with --memberships).")
  List<Path> referenceModels;

  @Option(names = "--memberships", description = "NPY bool matrix [members rows + non-members rows, reference models]: which rows each reference model trained on.")
  Path memberships;

  @Option(names = "--tests", split = ",", description = "Families to run: robustness,privacy,fairness,stability,backdoor,inversion,extraction (default: the first four).")
  List<String> tests;

  @Option(names = "--infer", paramLabel = "COL", description = "Sensitive feature column the inversion test infers from the others and the model's answers.")
  String infer;

  @Option(names = "--extraction-budget", defaultValue = "10000", description = "Most model queries the extraction surrogate is trained on (curve at 100, 300, 1000, 3000, 10000; default: ${DEFAULT-VALUE}).")
  int extractionBudget;

  @Option(names = "--bounds-file", description = "CSV with a header feature,min,max[,type]: per-feature input bounds (features not listed keep --bounds or the data's range); type real, integer or categorical (integer codes): integer features stay integers in every attack.")
  Path boundsFile;

  @Option(names = "--inputs-map", paramLabel = "FILE", description = "For models with several inputs: CSV with a header input,columns[,shape]; columns are ;-separated data columns in the input's order, or =VALUE for a constant input (e.g. a mask); shape (e.g. 2 or 1x8x8) when the model leaves it symbolic. The features are the mapped columns in file order (CSV data only).")
  Path inputsMap;

  @Option(names = "--bounds", description = "Input bounds MIN,MAX for every feature (default: per-feature min/max of the data).")
  String bounds;

  @Option(names = "--normalise", description = "MEAN,STD applied as (x - MEAN) / STD before the model, if the graph does not do it.")
  String normalise;

  @Option(names = "--norm", defaultValue = "linf", description = "Perturbation norm: linf or l2 (default: ${DEFAULT-VALUE}).")
  String norm;

  @Option(names = "--epsilon", split = ",", description = "Radii in data units, one for all features (default: 0.01,0.02,0.05,0.1,0.2 of each feature's own range, x sqrt(d) for L2).")
  List<Double> epsilon;

  @Option(names = "--budget", defaultValue = "1000", description = "Query budget per attacked point (default: ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--samples", defaultValue = "100", description = "Most points attacked / probed (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--positive-label", defaultValue = "1", description = "Favourable class for fairness (default: ${DEFAULT-VALUE}).")
  int positiveLabel;

  @Option(names = "--threshold", description = "Override a finding threshold, KEY=VALUE (repeatable), e.g. privacy.medium-auc=0.65.")
  List<String> thresholds;

  @Option(names = {"-f", "--format"}, defaultValue = "text", converter = Choice.TestFormats.class, completionCandidates = Choice.TestFormats.class, description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(names = "--fail-on", defaultValue = "MEDIUM", description = "Lowest severity that fails the run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Severity failOn;

  @Override
  public Integer call() throws Exception {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!List.of("text", "json", "html").contains(fmt)) return usage("unknown format '" + format + "' (text, json or html)");
    for (Path p : new Path[] {model, data, members, nonMembers}) {
      if (p != null && !Files.isRegularFile(p)) return usage("no such file: " + p);
    }
    if ((members == null) != (nonMembers == null)) return usage("--members and --non-members go together");
    boolean refs = referenceModels != null && !referenceModels.isEmpty();
    if (refs != (memberships != null)) return usage("--reference-models and --memberships go together");
    if (refs && members == null) return usage("--reference-models needs --members and --non-members");
    if (refs) for (Path p : referenceModels) if (!Files.isRegularFile(p)) return usage("no such file: " + p);
    if (memberships != null && !Files.isRegularFile(memberships)) return usage("no such file: " + memberships);
    if (budget < 10) return usage("--budget must be at least 10");
    if (extractionBudget < 100) return usage("--extraction-budget must be at least 100");
    if (boundsFile != null && !Files.isRegularFile(boundsFile)) return usage("no such file: " + boundsFile);
    if (samples < 1) return usage("--samples must be at least 1");
    Set<String> families = new LinkedHashSet<>();
    if (tests == null || tests.isEmpty()) families.addAll(TestConfig.DEFAULT_TESTS);
    else for (String t : tests) {
      String n = t.trim().toLowerCase(Locale.ROOT);
      if (!TestConfig.ALL.contains(n)) return usage("unknown test '" + t + "' (robustness, privacy, fairness, stability, backdoor, inversion, extraction)");
      families.add(n);
    }
    Thresholds th = new Thresholds();
    if (thresholds != null) {
      for (String kv : thresholds) {
        int eq = kv.indexOf('=');
        if (eq < 0) return usage("--threshold expects KEY=VALUE, got '" + kv + "'");
        th.set(kv.substring(0, eq).trim(), Double.parseDouble(kv.substring(eq + 1).trim()));
      }
    }
    InputMap map = null;
    List<String> featureColumns = features;
    if (inputsMap != null) {
      if (!Files.isRegularFile(inputsMap)) return usage("no such file: " + inputsMap);
      if (features != null) return usage("--inputs-map names the feature columns; drop --features");
      try {
        map = InputMap.read(inputsMap);
      } catch (DataException e) {
        return usage(e.getMessage());
      }
      featureColumns = map.featureColumns();
    }
    DataSpec spec = new DataSpec(target, sensitive, featureColumns);
    Dataset ds;
    Dataset mem = null;
    Dataset non = null;
    boolean[][] matrix = null;
    try {
      if (memberships != null) matrix = DataLoader.loadMembershipMatrix(memberships);
      ds = DataLoader.load(data, spec);
      DataSpec mspec = new DataSpec(target, List.of(), featureColumns, sensitive); // sensitive columns may be present
      if (members != null) {
        mem = DataLoader.load(members, mspec);
        non = DataLoader.load(nonMembers, mspec);
      }
    } catch (DataException e) {
      return usage(e.getMessage());
    }
    if (map != null && !List.of(ds.featureNames()).equals(map.featureColumns()))
      return usage("--inputs-map needs CSV data whose header names the mapped columns");
    InputDomain domain;
    try {
      domain = parseDomain(ds);
    } catch (DataException e) {
      return usage(e.getMessage());
    }
    Norm n = Norm.parse(norm);
    TestConfig cfg = new TestConfig(families, n, epsilon == null ? List.of() : new ArrayList<>(epsilon), budget, samples, seed, positiveLabel, 200, th, extractionBudget, infer);
    boolean tty = System.console() != null;
    Bar bar = new Bar(tty);
    DynamicReport report;
    try {
      report = new DynamicTester(cfg, bar).withInputs(map).run(model, domain, ds, mem, non, refs ? referenceModels : List.of(), matrix);
    } catch (ModelException | DataException e) {
      bar.done();
      return usage(e.getMessage());
    }
    bar.done();
    Writer w = output != null ? Files.newBufferedWriter(output, StandardCharsets.UTF_8)
        : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    try {
      switch (fmt) {
        case "json" -> JsonReportWriter.write(report, w);
        case "html" -> HtmlReportWriter.write(report, w);
        default -> TextReportWriter.write(report, w);
      }
    } finally {
      if (output != null) w.close();
      else w.flush();
    }
    return report.exitCode(failOn);
  }

  private InputDomain parseDomain(Dataset ds) {
    InputDomain d;
    if (bounds != null) {
      double[] b = pair(bounds, "--bounds");
      d = InputDomain.uniform(ds.features(), b[0], b[1], "--bounds " + bounds);
    } else {
      d = InputDomain.fromData(ds.x());
    }
    if (boundsFile != null) d = BoundsFile.apply(boundsFile, d, ds.featureNames());
    if (normalise != null) {
      double[] ms = pair(normalise, "--normalise");
      double[] m = new double[ds.features()];
      double[] s = new double[ds.features()];
      java.util.Arrays.fill(m, ms[0]);
      java.util.Arrays.fill(s, ms[1]);
      d = d.withNormalisation(m, s);
    }
    return d;
  }

  private static double[] pair(String text, String option) {
    String[] p = text.split(",");
    if (p.length != 2) throw new IllegalArgumentException(option + " expects two numbers A,B, got '" + text + "'");
    return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
  }

  private static int usage(String message) {
    System.err.println("modelvet: " + message);
    return ExitCodes.ERROR;
  }

  /** A progress bar on stderr, drawn only on a terminal. */
  private static final class Bar implements Progress {
    private final boolean enabled;
    private boolean shown;
    private long last;

    Bar(boolean enabled) {
      this.enabled = enabled;
    }

    @Override
    public void update(String phase, int done, int total) {
      if (!enabled) return;
      long now = System.nanoTime();
      if (now - last < 100_000_000L && done < total) return;
      last = now;
      int width = 30;
      int filled = total <= 0 ? 0 : (int) Math.round((double) width * Math.min(done, total) / total);
      String p = phase.length() > 40 ? phase.substring(0, 40) : phase;
      System.err.print("\r\u001b[2K[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + p);
      System.err.flush();
      shown = true;
    }

    void done() {
      if (shown) {
        System.err.print("\r\u001b[2K");
        System.err.flush();
      }
    }
  }
}
