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
 * Bootstrap: {@code waggle migrate up} — applies pending schema migrations as the migration user
 * and exits; {@code serve} does the same on every start.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Apply every pending database migration, then exit.")
final class MigrateUpCommand implements Callable<Integer> {
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
      description =
          "Accepted and ignored, as by ToolHive: `up` always applies every pending migration.")
  Integer numSteps;

  MigrateUpCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<WaggleConfig> loaded = DatabaseCommands.load(environment, config, err);
    if (loaded.isEmpty()) {
      return Main.FAILED;
    }
    Optional<DatabaseConfig> database = loaded.get().database();
    String target = DatabaseCommands.target(environment, database);
    if (numSteps != null) {
      err.println("warning: migrate up ignores --num-steps and applies every pending migration");
    }
    Optional<Integer> refused =
        DatabaseCommands.confirm(
            environment,
            yes,
            "migrate up",
            target,
            "This applies every pending migration to " + target + ".",
            out,
            err);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      int applied =
          DatabaseCommands.withDatabase(
              environment, database, storage -> new PostgresMigrator(storage).migrate());
      out.println(
          applied == 0
              ? "The schema of " + target + " was already up to date; nothing applied."
              : "Applied " + applied + " migration(s) to " + target + "; it is up to date.");
      out.flush();
      return Main.OK;
    } catch (RuntimeException e) {
      err.println("migrate up failed: " + e.getMessage());
      err.flush();
      return Main.FAILED;
    }
  }
}
