package io.modelvet.spark;

import io.modelvet.report.Severity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class io.modelvet.spark.ScanJob modelvet-spark.jar --input PATH --output DIR}:
 * scans model files where they are stored, on the cluster engine the user already runs.
 */
@Command(
    name = "spark-scan",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Scans model files in place on any Hadoop file system (file://, hdfs://, s3a://, gs://) with Apache Spark,"
          + " and writes one row per file and archive member plus summary tables.",
      "Exit codes: 0 nothing at or above --fail-on and every file fully analysed; 1 findings at or above it;"
          + " 2 usage or I/O error; 3 something could not be fully analysed, or nothing was scanned."
    })
public final class ScanJob implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", paramLabel = "PATH|GLOB", description = "file, folder or glob to scan (repeatable)")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--listing", paramLabel = "FILE", description = "a file with one path to scan per line ('#' starts a comment)")
  String listing;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "output folder (results/, by_format/, by_verdict/, by_rule/, summary.json)")
  String output;

  @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT", description = "table format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Option(names = "--previous", paramLabel = "DIR", description = "output of an earlier run: files whose size and modification time are unchanged keep their rows")
  String previous;

  @Option(names = "--formats", split = ",", paramLabel = "FORMAT", description = "with --previous: rescan unchanged files of these formats anyway (e.g. pickle,pytorch-zip, after a rule change)")
  List<String> rescanFormats = new ArrayList<>();

  @Option(names = "--fail-on", defaultValue = "MEDIUM", paramLabel = "LEVEL", description = "lowest severity that fails the run: INFO, LOW, MEDIUM, HIGH, CRITICAL (default: ${DEFAULT-VALUE})")
  String failOn;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master when not set by spark-submit (default local[*], bound to 127.0.0.1)")
  String master;

  @Option(names = "--partitions", paramLabel = "N", description = "scan tasks (default: 4 per core of the cluster)")
  Integer partitions;

  @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "time budget per file (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  enum OutputFormat {
    parquet,
    json
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the job and returns its exit code (for tests and the launcher). */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new ScanJob());
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("modelvet spark-scan: " + (ex.getMessage() != null ? ex.getMessage().lines().findFirst().orElse("failed") : "failed"));
          return 2;
        });
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("modelvet spark-scan: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return 2;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (inputs.isEmpty() && listing == null) throw new CommandLine.ParameterException(spec.commandLine(), "give at least one --input or a --listing");
    Severity threshold;
    try {
      threshold = Severity.parse(failOn);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    JobSettings settings =
        new JobSettings(inputs, listing, output, format.name(), previous, List.copyOf(rescanFormats), threshold, master, partitions, timeoutSeconds * 1000);
    JobSummary summary = new CorpusScan(settings).run();
    spec.commandLine().getOut().println(summary.oneLine());
    return summary.exitCode();
  }
}
