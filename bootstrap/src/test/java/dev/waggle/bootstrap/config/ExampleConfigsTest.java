package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config in {@code examples/} loads: either it is valid, or it is refused with exactly the
 * messages its own header comment promises ("... is not supported yet ..." lines).
 */
class ExampleConfigsTest {
  /** Surefire runs in the module directory; the examples sit next to it. */
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private static final Path EXAMPLES = REPOSITORY.resolve("examples");
  private static final Pattern PROMISED_REFUSAL =
      Pattern.compile("^#\\s+(\\S.* not supported yet .*)$");

  static Stream<Path> exampleConfigs() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(f -> f.getFileName().toString().matches("config-.*\\.ya?ml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void theExamplesCoverEachKindOfSetup() throws IOException {
    assertThat(exampleConfigs().map(p -> p.getFileName().toString()))
        .contains(
            "config-quickstart.yaml",
            "config-toolhive-database.yaml",
            "config-multi-source.yaml",
            "config-url-source.yaml",
            "config-git.yaml",
            "config-api.yaml");
  }

  @ParameterizedTest
  @MethodSource("exampleConfigs")
  void anExampleIsValidOrRefusedWithTheMessagesItDocuments(Path example) throws IOException {
    List<String> promised = promisedRefusals(example);
    // Run from the repository root, as the README does, with an empty environment.
    ConfigResult result =
        new ConfigLoader(Map.of(), REPOSITORY, REPOSITORY.resolve("no-home")).load(example);

    if (promised.isEmpty()) {
      assertThat(result.errors()).as("errors of %s", example.getFileName()).isEmpty();
      assertThat(result.warnings())
          .as("warnings of %s", example.getFileName())
          // Files Kubernetes mounts into a pod are missing anywhere else, and only warned about.
          .allMatch(
              w ->
                  w.path().equals("registryName")
                      || w.message().contains("there is no file at /var/run/secrets/"));
    } else {
      assertThat(result.errors()).allMatch(ConfigProblem::unsupported);
      assertThat(result.errors().stream().map(ConfigProblem::toString))
          .as("refusals of %s", example.getFileName())
          .containsExactlyInAnyOrderElementsOf(promised);
    }
  }

  @Test
  void theToolHiveStyleExampleWarnsAboutItsDeadRegistryNameAndKeepsTwoUsers() {
    ConfigResult result =
        new ConfigLoader(Map.of(), REPOSITORY, REPOSITORY.resolve("no-home"))
            .load(EXAMPLES.resolve("config-toolhive-database.yaml"));

    DatabaseConfig database = result.orElseThrow().database().orElseThrow();
    assertThat(database.user()).isEqualTo("db_app");
    assertThat(database.migrationUser()).isEqualTo("db_migrator");
    assertThat(database.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(result.warnings()).extracting(ConfigProblem::path).containsExactly("registryName");
  }

  private static List<String> promisedRefusals(Path example) throws IOException {
    return Files.readAllLines(example).stream()
        .map(PROMISED_REFUSAL::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1).strip())
        .toList();
  }
}
