package io.modelvet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code modelvet} — the command-line entry point. Like {@code scan}, its picocli model is built
 * through the programmatic API rather than from annotations (start-up, see {@link Options}).
 */
public final class Main implements java.util.concurrent.Callable<Integer> {
  /**
   * The commands, in help order. Building a command's model costs start-up time (picocli reflects
   * over every option of an annotated command), so a run that names a command builds only that
   * one; {@code --version} alone builds none; a bare or unknown word, {@code help} or {@code --help}
   * builds them all.
   */
  private static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = commands();

  private static java.util.Map<String, java.util.function.Supplier<Object>> commands() {
    java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
    m.put("scan", ScanCommand::spec);
    m.put("test", TestCommand::new);
    m.put("sign", SignCommand::new);
    m.put("verify", VerifyCommand::new);
    m.put("bom", BomCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  private CommandLine commandLine;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (for tests). */
  public static int run(String... args) {
    Main main = new Main();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(main).name("modelvet").versionProvider(new Version());
    spec.usageMessage().description("Finds security problems in machine-learning models before they are loaded or deployed.");
    Options.standardHelp().forEach(spec::addOption);
    CommandLine cli = main.commandLine = new CommandLine(spec);
    String first = args.length > 0 ? args[0] : "";
    boolean one = COMMANDS.containsKey(first) && !first.equals("help");
    boolean none = args.length == 1 && (first.equals("--version") || first.equals("-V")); // needs no command
    for (java.util.Map.Entry<String, java.util.function.Supplier<Object>> c : COMMANDS.entrySet())
      if (!none && (!one || c.getKey().equals(first))) cli.addSubcommand(c.getKey(), c.getValue().get());
    // set after the commands are added: picocli applies these settings to the commands it has
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
    commandLine.usage(System.err);
    return ExitCodes.ERROR;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"modelvet " + io.modelvet.engine.ScanEngine.version()};
    }
  }
}
