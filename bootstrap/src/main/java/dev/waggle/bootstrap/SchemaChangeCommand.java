package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresMigrator;
import dev.waggle.bootstrap.config.DatabaseConfig;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Bootstrap: the shape of {@code migrate up} and {@code migrate down} — load the config, name the
 * database, ask before changing its schema, change it as the migration user, say what was done.
 */
abstract class SchemaChangeCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "config.yaml")
  Path config;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation (needed when stdin is not a terminal).")
  boolean yes;

  SchemaChangeCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  /** The command as a user types it, for messages: {@code migrate up}. */
  abstract String command();

  /** The exit code of arguments that make no sense, after saying why; empty when they do. */
  Optional<Integer> refuseArguments(PrintWriter err) {
    return Optional.empty();
  }

  /** What the change will do to {@code target}, asked before it is made. */
  abstract String question(String target);

  /** Makes the change; returns how many migrations it applied or rolled back. */
  abstract int change(PostgresMigrator migrator);

  /** What was done, for the user. */
  abstract String done(int count, String target);

  @Override
  public final Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Integer> refused = refuseArguments(err);
    if (refused.isPresent()) {
      err.flush();
      return refused.get();
    }
    Optional<WaggleConfig> loaded = DatabaseCommands.load(environment, config, err);
    if (loaded.isEmpty()) {
      return Main.FAILED;
    }
    Optional<DatabaseConfig> database = loaded.get().database();
    String target = DatabaseCommands.target(environment, database);
    Optional<Integer> declined =
        DatabaseCommands.confirm(environment, yes, command(), target, question(target), out, err);
    if (declined.isPresent()) {
      return declined.get();
    }
    try {
      int count =
          DatabaseCommands.withDatabase(
              environment, database, storage -> change(new PostgresMigrator(storage)));
      out.println(done(count, target));
      out.flush();
      return Main.OK;
    } catch (RuntimeException e) {
      err.println(command() + " failed: " + e.getMessage());
      err.flush();
      return Main.FAILED;
    }
  }
}
