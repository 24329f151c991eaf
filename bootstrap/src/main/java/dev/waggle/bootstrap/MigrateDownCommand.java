package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresMigrator;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bootstrap: {@code waggle migrate down -n N} — rolls back the N migrations applied last, as the
 * migration user. Like ToolHive it insists on a count: rolling everything back by accident would
 * drop the catalog.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Roll back the N database migrations applied last, then exit.")
final class MigrateDownCommand extends SchemaChangeCommand {
  static final int MAX_STEPS = 999;

  @Option(
      names = {"-n", "--num-steps"},
      paramLabel = "N",
      description = "How many migrations to roll back, newest first (1.." + MAX_STEPS + ").")
  Integer numSteps;

  MigrateDownCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  String command() {
    return "migrate down";
  }

  @Override
  Optional<Integer> refuseArguments(PrintWriter err) {
    if (numSteps == null) {
      err.println(
          "migrate down: --num-steps (-n) is required: say how many migrations to roll back (1.."
              + MAX_STEPS
              + ")");
      return Optional.of(Main.USAGE);
    }
    if (numSteps < 1 || numSteps > MAX_STEPS) {
      err.println(
          "migrate down: --num-steps must be between 1 and " + MAX_STEPS + ", not " + numSteps);
      return Optional.of(Main.USAGE);
    }
    return Optional.empty();
  }

  @Override
  String question(String target) {
    return "This rolls back the last "
        + numSteps
        + " migration(s) of "
        + target
        + "; what they created, rows included, is dropped.";
  }

  @Override
  int change(PostgresMigrator migrator) {
    return migrator.rollback(numSteps);
  }

  @Override
  String done(int rolledBack, String target) {
    return "Rolled back " + rolledBack + " migration(s) of " + target + ".";
  }
}
