package dev.waggle.bootstrap;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Bootstrap: {@code waggle migrate}, the parent of {@code migrate up} and {@code migrate down}. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Manage the database schema.")
final class MigrateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: up or down");
  }
}
