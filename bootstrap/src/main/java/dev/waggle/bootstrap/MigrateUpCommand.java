package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresMigrator;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bootstrap: {@code waggle migrate up} — applies pending schema migrations as the migration user
 * and exits; {@code serve} does the same on every start.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Apply every pending database migration, then exit.")
final class MigrateUpCommand extends SchemaChangeCommand {
  @Option(
      names = {"-n", "--num-steps"},
      paramLabel = "N",
      description =
          "Accepted and ignored, as by ToolHive: `up` always applies every pending migration.")
  Integer numSteps;

  MigrateUpCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  String command() {
    return "migrate up";
  }

  @Override
  Optional<Integer> refuseArguments(PrintWriter err) {
    if (numSteps != null) {
      err.println("warning: migrate up ignores --num-steps and applies every pending migration");
    }
    return Optional.empty();
  }

  @Override
  String question(String target) {
    return "This applies every pending migration to " + target + ".";
  }

  @Override
  int change(PostgresMigrator migrator) {
    return migrator.migrate();
  }

  @Override
  String done(int applied, String target) {
    return applied == 0
        ? "The schema of " + target + " was already up to date; nothing applied."
        : "Applied " + applied + " migration(s) to " + target + "; it is up to date.";
  }
}
