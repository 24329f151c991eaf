package dev.waggle.bootstrap;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Bootstrap: the {@code waggle} command line — {@code serve}, {@code operator}, {@code migrate
 * up|down}, {@code prime-db}, {@code validate-config} and {@code version}. Exit codes: 0 done, 1
 * the configuration or the work failed, 2 the command line was wrong.
 */
@Command(
    name = "waggle",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description =
        "Waggle: an MCP server registry that reads ToolHive Registry Server configs and serves"
            + " the same API.",
    subcommands = CommandLine.HelpCommand.class)
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Log at debug level (same as THV_REGISTRY_LOG_LEVEL=debug).")
  boolean debug;

  public static void main(String[] args) {
    CliEnvironment environment = CliEnvironment.system();
    LogLevels.configure(environment.env(), Arrays.asList(args).contains("--debug"));
    System.exit(commandLine(environment).execute(args));
  }

  /** The command line with every subcommand, reading the world through {@code environment}. */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand(new ServeCommand(environment));
    cli.addSubcommand(
        new CommandLine(new MigrateCommand())
            .addSubcommand(new MigrateUpCommand(environment))
            .addSubcommand(new MigrateDownCommand(environment)));
    cli.addSubcommand(new PrimeDbCommand(environment));
    cli.addSubcommand(new ValidateConfigCommand(environment));
    cli.addSubcommand(new VersionCommand());
    cli.addSubcommand(new OperatorCommand(environment));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Last, so that it reaches every subcommand: ToolHive's images name the file this way.
    cli.setDefaultValueProvider(new ConfigFileVariable(environment.env()));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          return FAILED;
        });
    return cli;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: serve, operator, migrate up|down, prime-db, validate-config or version");
  }

  /** {@code --version}: the build this jar is. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildMetadata build = BuildMetadata.current();
      return new String[] {"Waggle " + build.version() + " (commit " + build.commit() + ")"};
    }
  }
}
