package dev.waggle.bootstrap;

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
import java.util.function.Function;

/**
 * Bootstrap: what {@code migrate up}, {@code migrate down} and {@code prime-db} share — loading the
 * config, naming the database they act on, asking before they change it, and starting the embedded
 * PostgreSQL when there is no {@code database} block.
 */
final class DatabaseCommands {
  private DatabaseCommands() {}

  /** The valid configuration, or empty after printing every problem. */
  static Optional<WaggleConfig> load(CliEnvironment environment, Path config, PrintWriter err)
      throws IOException {
    ConfigResult result =
        environment.configLoader().load(environment.workingDirectory().resolve(config));
    result.warnings().forEach(warning -> err.println("warning: " + warning));
    if (!result.isValid()) {
      for (ConfigProblem problem : result.errors()) {
        err.println("error: " + problem);
      }
      err.flush();
      return Optional.empty();
    }
    return Optional.of(result.orElseThrow());
  }

  /** The database a command acts on, in words an operator recognises. */
  static String target(CliEnvironment environment, Optional<DatabaseConfig> database) {
    return database
        .map(d -> "database " + d.database() + " on " + d.host() + ":" + d.port())
        .orElse(
            "the embedded PostgreSQL in "
                + WaggleHome.embeddedDataDirectory(environment.waggleHome()));
  }

  /**
   * Asks {@code question} and waits for a literal {@code yes}, unless {@code yes} was given.
   *
   * @return empty to go ahead, else the exit code: {@link Main#USAGE} when nobody can answer,
   *     {@link Main#OK} when the answer was not yes
   */
  static Optional<Integer> confirm(
      CliEnvironment environment,
      boolean yes,
      String command,
      String target,
      String question,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    if (yes) {
      return Optional.empty();
    }
    if (!environment.interactive()) {
      err.println(
          command
              + ": refusing to change "
              + target
              + " without confirmation; stdin is not a terminal, so pass -y (--yes)");
      err.flush();
      return Optional.of(Main.USAGE);
    }
    out.print(question + " Continue? (yes/no): ");
    out.flush();
    String answer = environment.stdinLines().readLine();
    if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).equals("yes")) {
      out.println("Migration cancelled; nothing was changed.");
      out.flush();
      return Optional.of(Main.OK);
    }
    return Optional.empty();
  }

  /** Runs {@code work} against the configured database, or a started embedded one. */
  static <T> T withDatabase(
      CliEnvironment environment,
      Optional<DatabaseConfig> database,
      Function<PostgresSettings, T> work) {
    if (database.isPresent()) {
      return work.apply(StorageSettings.from(database.get()));
    }
    try (EmbeddedDatabase embedded =
        EmbeddedDatabase.start(WaggleHome.embeddedDataDirectory(environment.waggleHome()))) {
      return work.apply(embedded.settings());
    }
  }
}
