package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The config.yaml files of deploy/server load as the server in that Deployment would load them:
 * external PostgreSQL with two users and metrics on, and only the warnings their comments name.
 */
class ServerDeployConfigsTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Path SERVER = REPOSITORY.resolve("deploy").resolve("server");

  private static ConfigResult load(Path config) {
    return new ConfigLoader(Map.of(), REPOSITORY, REPOSITORY.resolve("no-home")).load(config);
  }

  @Test
  void theBaseConfigUsesTheExternalDatabaseAndOnlyWarnsThatItHasNoAuthBlock() {
    ConfigResult result = load(SERVER.resolve("base").resolve("config.yaml"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).extracting(ConfigProblem::path).containsExactly("auth");
    DatabaseConfig database = result.orElseThrow().database().orElseThrow();
    assertThat(database.user()).isEqualTo("db_app");
    assertThat(database.migrationUser()).isEqualTo("db_migrator");
    assertThat(result.orElseThrow().telemetry().metricsServed()).isTrue();
  }

  @Test
  void theProductionOverlaysConfigIsValidWithoutWarnings() {
    ConfigResult result =
        load(SERVER.resolve("overlays").resolve("production").resolve("config.yaml"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.orElseThrow().database()).isPresent();
  }
}
