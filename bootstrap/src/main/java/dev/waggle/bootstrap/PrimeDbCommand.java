package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresAppRole;
import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.bootstrap.config.DatabaseConfig;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Bootstrap: {@code waggle prime-db [username]} — ToolHive's command that prepares a database user
 * for the server: the role {@value PostgresAppRole#NAME} if missing, a LOGIN user with a password,
 * and membership in the role, in one transaction as the migration user.
 */
@Command(
    name = "prime-db",
    mixinStandardHelpOptions = true,
    description =
        "Create a database user for Waggle: the role "
            + PostgresAppRole.NAME
            + " if it is missing, a LOGIN user with a password (from the terminal, or the first"
            + " line of standard input), and membership in the role.")
final class PrimeDbCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "USERNAME",
      description = "The user to create; database.user of the config when omitted.")
  String username;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "config.yaml")
  Path config;

  @Option(names = "--dry-run", description = "Print the SQL (password masked); change nothing.")
  boolean dryRun;

  PrimeDbCommand(CliEnvironment environment) {
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
    if (database.isEmpty()) {
      err.println(
          "prime-db: "
              + config
              + " has no database block; the embedded PostgreSQL needs no user prepared");
      err.flush();
      return Main.FAILED;
    }
    String user = username != null ? username : database.get().user();
    if (user.isBlank()) {
      err.println("prime-db: the user name must not be empty");
      err.flush();
      return Main.USAGE;
    }
    PostgresSettings settings = StorageSettings.from(database.get());
    String target = DatabaseCommands.target(environment, database);
    if (dryRun) {
      out.println(
          "-- Dry run, nothing was changed. On "
              + target
              + ", as "
              + settings.migrationUser()
              + ", in one transaction, prime-db would run:");
      PostgresAppRole.primeStatements(user).forEach(out::println);
      out.flush();
      return Main.OK;
    }

    char[] password = readPassword(user, out);
    try {
      if (password.length == 0) {
        err.println("prime-db: no password given for " + user + "; nothing was changed");
        err.flush();
        return Main.FAILED;
      }
      PostgresAppRole.prime(settings, user, password);
      out.println(
          "Created the user "
              + user
              + " on "
              + target
              + ", a member of the role "
              + PostgresAppRole.NAME
              + ".");
      out.flush();
      return Main.OK;
    } catch (RuntimeException e) {
      err.println("prime-db failed: " + e.getMessage());
      err.flush();
      return Main.FAILED;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** From the terminal without echo; without one, the first line of standard input. */
  private char[] readPassword(String user, PrintWriter out) throws IOException {
    Console console = environment.interactive() ? System.console() : null;
    if (console != null) {
      out.flush();
      char[] typed = console.readPassword("Password for the new user %s: ", user);
      return typed == null ? new char[0] : typed;
    }
    String line = environment.stdinLines().readLine();
    if (line == null) {
      return new char[0];
    }
    return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
  }
}
