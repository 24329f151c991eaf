package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresMigrator;
import dev.waggle.bootstrap.config.DatabaseConfig;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Bootstrap: {@code waggle migrate down -n N} — rolls back the N migrations applied last, as the
 * migration user. Like ToolHive it insists on a count: rolling everything back by accident would
 * drop the catalog.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Roll back the N database migrations applied last, then exit.")
final class MigrateDownCommand implements Callable<Integer> {
  static final int MAX_STEPS = 999;

  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "config.yaml")
  Path config;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation (needed when stdin is not a terminal).")
  boolean yes;

  @Option(
      names = {"-n", "--num-steps"},
      paramLabel = "N",
      description = "How many migrations to roll back, newest first (1.." + MAX_STEPS + ").")
  Integer numSteps;

  MigrateDownCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (numSteps == null) {
      err.println(
          "migrate down: --num-steps (-n) is required: say how many migrations to roll back (1.."
              + MAX_STEPS
              + ")");
      err.flush();
      return Main.USAGE;
    }
    if (numSteps < 1 || numSteps > MAX_STEPS) {
      err.println(
          "migrate down: --num-steps must be between 1 and " + MAX_STEPS + ", not " + numSteps);
      err.flush();
      return Main.USAGE;
    }
    Optional<WaggleConfig> loaded = DatabaseCommands.load(environment, config, err);
    if (loaded.isEmpty()) {
      return Main.FAILED;
    }
    Optional<DatabaseConfig> database = loaded.get().database();
    String target = DatabaseCommands.target(environment, database);
    Optional<Integer> refused =
        DatabaseCommands.confirm(
            environment,
            yes,
            "migrate down",
            target,
            "This rolls back the last "
                + numSteps
                + " migration(s) of "
                + target
                + "; what they created, rows included, is dropped.",
            out,
            err);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      int rolledBack =
          DatabaseCommands.withDatabase(
              environment, database, storage -> new PostgresMigrator(storage).rollback(numSteps));
      out.println("Rolled back " + rolledBack + " migration(s) of " + target + ".");
      out.flush();
      return Main.OK;
    } catch (RuntimeException e) {
      err.println("migrate down failed: " + e.getMessage());
      err.flush();
      return Main.FAILED;
    }
  }
}
