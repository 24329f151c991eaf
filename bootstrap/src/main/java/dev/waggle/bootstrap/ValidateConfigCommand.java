package dev.waggle.bootstrap;

import dev.waggle.bootstrap.config.ConfigProblem;
import dev.waggle.bootstrap.config.ConfigResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Bootstrap: {@code waggle validate-config} — checks a config (with the environment's overrides)
 * exactly as {@code serve} would, and prints every problem, one per line, with its key path.
 */
@Command(
    name = "validate-config",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config file as serve would, without starting anything.",
      "Prints every error and warning with its key path; exits 1 when there is an error."
    })
final class ValidateConfigCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "config.yaml (default: CONFIG_FILE)")
  Path config;

  ValidateConfigCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigResult result =
        environment.configLoader().load(environment.workingDirectory().resolve(config));
    for (ConfigProblem warning : result.warnings()) {
      out.println("warning: " + warning);
    }
    for (ConfigProblem error : result.errors()) {
      out.println("error: " + error);
    }
    if (result.isValid()) {
      out.println("config OK");
    }
    out.flush();
    return result.isValid() ? Main.OK : Main.FAILED;
  }
}
