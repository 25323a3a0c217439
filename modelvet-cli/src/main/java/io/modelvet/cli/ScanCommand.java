package io.modelvet.cli;

import io.modelvet.config.ConfigLoader;
import io.modelvet.config.ScanConfig;
import io.modelvet.engine.FileSelection;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.render.RenderOptions;
import io.modelvet.render.Renderer;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code modelvet scan}. Its picocli model is built through the programmatic API ({@link #spec}),
 * not from annotations: {@code scan} is what a CI gate runs on every commit, and annotation reading
 * is most of its start-up (see {@link Options}).
 */
final class ScanCommand implements Callable<Integer> {
  /** The PATH that means standard input. */
  static final String STDIN = "-";

  private static final String[] DESCRIPTION = {
    "Statically scans model files and folders. Nothing in them is executed, imported or deserialised.",
    "",
    "PATH - reads standard input (held in memory up to 64 MiB, beyond that in a temporary file that is deleted afterwards; never extracted).",
    "",
    "Exit codes: 0 nothing at or above --fail-on and everything fully analysed; 1 findings at or above --fail-on; 2 usage or I/O error (a PATH that does not exist); 3 something could not be fully analysed, or there were no files to scan, and nothing reached --fail-on."
  };

  List<String> sources;

  /** The local ones among {@link #sources}. */
  List<Path> paths;

  /** Remote sources (issue 11): --hf-endpoint, --token-file. */
  final RemoteSources remote = new RemoteSources();

  String format;
  Path output;
  Severity failOn;
  boolean strict;
  boolean listGlobals;
  List<String> include = new ArrayList<>();
  List<String> exclude = new ArrayList<>();
  Path config;
  Integer threads;
  boolean noColor;

  /** Integrity (issue 5): --signature/--key/--certificate-chain verification and --bom. */
  final ScanIntegrity integrity = new ScanIntegrity();

  /** The command's model: a new command object with its options and parameters bound to its fields. */
  static CommandSpec spec() {
    ScanCommand c = new ScanCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c).name("scan");
    spec.usageMessage().description(DESCRIPTION);
    Options.standardHelp().forEach(spec::addOption);
    spec.addPositional(Options.bound(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true).paramLabel("PATH|URL").type(List.class).auxiliaryTypes(String.class)
        .description("Files or folders to scan, - for standard input, or remote sources: hf://ORG/NAME[@REV], https://huggingface.co/ORG/NAME[/tree/REV], .../resolve/REV/FILE, or any https:// file URL."),
        () -> c.sources, (List<String> v) -> c.sources = v).build());
    c.remote.addOptions(spec);
    Choice formats = new Choice.ScanFormats();
    spec.addOption(Options.bound(OptionSpec.builder("-f", "--format").paramLabel("<format>").type(String.class).defaultValue("text").converters(formats).completionCandidates(formats)
        .description("Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})."), () -> c.format, (String v) -> c.format = v).build());
    spec.addOption(Options.bound(OptionSpec.builder("-o", "--output").paramLabel("FILE").type(Path.class).description("Write the report to FILE instead of standard output."),
        () -> c.output, (Path v) -> c.output = v).build());
    spec.addOption(Options.bound(Options.value("--fail-on", "LEVEL", Severity.class, "Lowest severity that fails the run: ${COMPLETION-CANDIDATES} (case-insensitive; default: ${DEFAULT-VALUE}).").defaultValue("MEDIUM"),
        () -> c.failOn, (Severity v) -> c.failOn = v).build());
    spec.addOption(Options.bound(Options.flag("--strict", "Treat every pickle reference that is not allow-listed as HIGH."), () -> c.strict, (Boolean v) -> c.strict = v).build());
    spec.addOption(Options.bound(Options.flag("--list-globals", "Show every pickle import seen, per file."), () -> c.listGlobals, (Boolean v) -> c.listGlobals = v).build());
    spec.addOption(Options.bound(Options.list("--include", "GLOB", String.class, "Scan only files matching GLOB (relative to the scanned folder or repository; repeatable). A GLOB without / matches file names anywhere."),
        () -> c.include, (List<String> v) -> c.include = v).build());
    spec.addOption(Options.bound(Options.list("--exclude", "GLOB", String.class, "Skip files and folders matching GLOB (repeatable), e.g. --exclude target --exclude '*.class'."),
        () -> c.exclude, (List<String> v) -> c.exclude = v).build());
    spec.addOption(Options.bound(Options.value("--config", "FILE", Path.class, "Project config; by default the nearest .modelvet.yaml from the first PATH up to the git root (or the file-system root)."),
        () -> c.config, (Path v) -> c.config = v).build());
    spec.addOption(Options.bound(Options.value("--threads", "N", Integer.class, "Files scanned in parallel (default: number of cores)."), () -> c.threads, (Integer v) -> c.threads = v).build());
    spec.addOption(Options.bound(Options.flag("--no-color", "Never colour text output."), () -> c.noColor, (Boolean v) -> c.noColor = v).build());
    c.integrity.addOptions(spec);
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    paths = RemoteSources.localPaths(sources);
    List<String> remoteArgs = RemoteSources.remoteArgs(sources);
    boolean stdin = sources.size() == 1 && sources.get(0).equals(STDIN);
    if (!stdin && ExitCodes.requireExisting(paths) != ExitCodes.OK) return ExitCodes.ERROR;
    String usage = stdin ? integrity.streamUsageError()
        : !remoteArgs.isEmpty() && integrity.requested() ? "--signature, --key and --bom work on local folders only"
        : integrity.usageError(paths);
    if (usage == null && sources.size() > 1 && sources.contains(STDIN)) usage = "- (standard input) must be the only PATH";
    if (usage != null) {
      System.err.println("modelvet: " + usage);
      return ExitCodes.ERROR;
    }
    Optional<Path> cfgPath = config != null ? Optional.of(config) : stdin ? Optional.empty() : paths.isEmpty() ? Optional.empty() : ConfigLoader.find(paths.get(0));
    ScanConfig cfg = cfgPath.isPresent() ? ConfigLoader.load(cfgPath.get()) : ScanConfig.empty();
    ScanOptions opts = ScanOptions.defaults().withStrict(strict).withConfig(cfg).withSelection(new FileSelection(include, exclude, cfgPath.map(Set::of).orElse(Set.of())));
    if (threads != null) opts = opts.withThreads(threads);
    ScanEngine engine = new ScanEngine(opts);

    ScanReport report;
    if (stdin) {
      report = engine.scan("<stdin>", System.in);
    } else {
      Progress progress = new Progress(System.console() != null);
      report = engine.scan(paths, progress::tick);
      if (!remoteArgs.isEmpty()) report = report.plus(remote.scan(opts, remoteArgs, include, exclude, progress::tick));
      progress.done();
      report = integrity.verify(report, paths);
      integrity.writeBom(report, paths);
    }
    render(report);
    return report.exitCode(failOn);
  }

  private void render(ScanReport report) throws IOException {
    Renderer renderer = Renderer.forFormat(format);
    boolean tty = System.console() != null && output == null;
    RenderOptions ro = new RenderOptions(failOn, listGlobals, tty && !noColor && format.equals("text") && System.getenv("NO_COLOR") == null);
    if (output != null) {
      try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        renderer.render(report, ro, w);
      }
    } else {
      Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      renderer.render(report, ro, w);
      w.flush();
    }
  }

  /** A one-line counter on stderr for long scans on a terminal. */
  private static final class Progress {
    private final boolean enabled;
    private final AtomicInteger count = new AtomicInteger();
    private final long start = System.nanoTime();
    private boolean shown;

    Progress(boolean enabled) {
      this.enabled = enabled;
    }

    void tick(io.modelvet.report.FileResult r) {
      int n = count.incrementAndGet();
      if (!enabled || System.nanoTime() - start < 1_000_000_000L) return;
      PrintWriter err = new PrintWriter(System.err, true);
      String p = r.path();
      if (p.length() > 60) p = "…" + p.substring(p.length() - 59);
      err.print("\r\u001b[2Kscanned " + n + " file(s) " + p);
      err.flush();
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
