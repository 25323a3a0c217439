package io.modelvet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code modelvet} — the command-line entry point. */
@Command(
    name = "modelvet",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Finds security problems in machine-learning models before they are loaded or deployed.",
    subcommands = {ScanCommand.class, TestCommand.class, SignCommand.class, VerifyCommand.class, BomCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("modelvet: " + ErrorMessages.describe(ex));
          return ExitCodes.ERROR;
        });
    cli.setExitCodeExceptionMapper(ex -> ExitCodes.ERROR);
    return cli.execute(args);
  }

  /** No command given: print the usage on standard error and fail, so a script notices. */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return ExitCodes.ERROR;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"modelvet " + io.modelvet.engine.ScanEngine.version()};
    }
  }
}
