package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresMigrator;
import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.bootstrap.config.ConfigProblem;
import dev.waggle.bootstrap.config.ConfigResult;
import dev.waggle.bootstrap.config.DatabaseConfig;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
      hidden = true,
      description = "Accepted for ToolHive compatibility; `up` always applies every migration.")
  Integer numSteps;

  MigrateUpCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigResult result =
        environment.configLoader().load(environment.workingDirectory().resolve(config));
    result.warnings().forEach(warning -> err.println("warning: " + warning));
    if (!result.isValid()) {
      for (ConfigProblem problem : result.errors()) {
        err.println("error: " + problem);
      }
      err.flush();
      return Main.FAILED;
    }
    WaggleConfig loaded = result.orElseThrow();
    Optional<DatabaseConfig> database = loaded.database();
    String target =
        database
            .map(d -> "database " + d.database() + " on " + d.host() + ":" + d.port())
            .orElse(
                "the embedded PostgreSQL in "
                    + WaggleHome.embeddedDataDirectory(environment.waggleHome()));
    if (!yes) {
      if (!environment.interactive()) {
        err.println(
            "migrate up: refusing to change "
                + target
                + " without confirmation; stdin is not a terminal, so pass -y (--yes)");
        err.flush();
        return Main.USAGE;
      }
      out.print("This applies every pending migration to " + target + ". Continue? (yes/no): ");
      out.flush();
      String answer = environment.stdinLines().readLine();
      if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).equals("yes")) {
        out.println("Migration cancelled; nothing was changed.");
        out.flush();
        return Main.OK;
      }
    }

    EmbeddedDatabase embedded = null;
    try {
      PostgresSettings storage;
      if (database.isPresent()) {
        storage = StorageSettings.from(database.get());
      } else {
        embedded =
            EmbeddedDatabase.start(WaggleHome.embeddedDataDirectory(environment.waggleHome()));
        storage = embedded.settings();
      }
      new PostgresMigrator(storage).migrate();
      StorageSettings.grantAppRole(storage);
      out.println("The schema of " + target + " is up to date.");
      out.flush();
      return Main.OK;
    } catch (RuntimeException e) {
      err.println("migrate up failed: " + e.getMessage());
      err.flush();
      return Main.FAILED;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
