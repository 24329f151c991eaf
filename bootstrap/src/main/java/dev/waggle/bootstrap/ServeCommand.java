package dev.waggle.bootstrap;

import dev.waggle.bootstrap.config.AuthConfig;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.ConfigProblem;
import dev.waggle.bootstrap.config.ConfigResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Bootstrap: {@code waggle serve} — runs the registry until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the registry: the public API and the internal health endpoints.",
      "Without a database block in the config, an embedded PostgreSQL keeps its data under"
          + " WAGGLE_HOME (default ./.waggle)."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "ToolHive Registry Server config.yaml (default: CONFIG_FILE). Without either, Waggle"
              + " serves its bundled example catalog.")
  Path config;

  @Option(
      names = "--auth-mode",
      paramLabel = "MODE",
      converter = AuthModeConverter.class,
      description =
          "anonymous or oauth: replaces auth.mode from the file, which is still checked as"
              + " written.")
  AuthConfig.Mode authMode;

  @Option(
      names = "--address",
      paramLabel = "[HOST]:PORT",
      description = "Public API listener (default: THV_REGISTRY_ADDRESS, else :8080).")
  String address;

  @Option(
      names = "--internal-address",
      paramLabel = "[HOST]:PORT",
      description =
          "Listener for /health, /readiness and /version (default: THV_REGISTRY_INTERNAL_ADDRESS,"
              + " else :8081).")
  String internalAddress;

  ServeCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    Launcher.Options options =
        new Launcher.Options(
            address != null
                ? address
                : environment.env().getOrDefault("THV_REGISTRY_ADDRESS", ":8080"),
            internalAddress != null
                ? internalAddress
                : environment.env().getOrDefault("THV_REGISTRY_INTERNAL_ADDRESS", ":8081"),
            environment.waggleHome(),
            Launcher.DEFAULT_SYNC_TICK,
            BuildMetadata.current());
    try {
      options.httpSettings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }

    ConfigLoader loader = environment.configLoader();
    if (authMode != null) {
      loader = loader.withAuthMode(authMode);
    }
    ConfigResult result;
    if (config == null) {
      LOG.info(
          "No --config or CONFIG_FILE given: serving the bundled example catalog (unpacked in"
              + " {})",
          options.waggleHome().resolve("bundled"));
      result = BundledExample.load(loader, options.waggleHome());
    } else {
      Path file = environment.workingDirectory().resolve(config);
      if (!spec.commandLine().getParseResult().hasMatchedOption("--config")) {
        LOG.info("Reading the config file {} named by CONFIG_FILE", file);
      }
      result = loader.load(file);
    }
    result.warnings().forEach(warning -> LOG.warn("Config: {}", warning));
    PrintWriter err = spec.commandLine().getErr();
    if (!result.isValid()) {
      err.println(
          "Waggle cannot start: the configuration has " + result.errors().size() + " problem(s):");
      for (ConfigProblem problem : result.errors()) {
        err.println("  " + problem);
      }
      err.flush();
      return Main.FAILED;
    }

    Launcher launcher;
    try {
      launcher = Launcher.start(result.orElseThrow(), options);
    } catch (Launcher.LaunchException e) {
      err.println("Waggle cannot start: " + e.getMessage());
      err.flush();
      LOG.debug("Start failed", e);
      return Main.FAILED;
    }
    ShutdownHook.install(launcher);
    launcher.awaitStop();
    return launcher.failure().isPresent() ? Main.FAILED : Main.OK;
  }

  /**
   * Reads {@code --auth-mode} as users type it, and names the accepted values as they are written
   * in config.yaml rather than as the Java constants picocli would list.
   */
  static final class AuthModeConverter implements ITypeConverter<AuthConfig.Mode> {
    @Override
    public AuthConfig.Mode convert(String value) {
      for (AuthConfig.Mode mode : AuthConfig.Mode.values()) {
        if (mode.name().equalsIgnoreCase(value.strip())) {
          return mode;
        }
      }
      throw new TypeConversionException("expected anonymous or oauth, not '" + value + "'");
    }
  }
}
