package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  private static final String LOCAL_CATALOG =
      """
      sources:
        - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
      registries:
        - {name: default, sources: [local]}
      """;
  private static final String DATABASE_ON_DB_INTERNAL =
      "database: {host: db.internal, port: 5432, user: app, database: registry}\n";

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, boolean interactive, String stdin, String... args) {
    CommandLine cli =
        Main.commandLine(
            new CliEnvironment(
                env, dir, dir.resolve("home"), interactive, new StringReader(stdin)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), false, "", args);
  }

  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("config.yaml"), yaml);
  }

  /** Writes an empty catalog.json and a config serving it, with the extra blocks, anonymously. */
  private Path localCatalogConfig(String... extraBlocks) throws IOException {
    Files.writeString(dir.resolve("catalog.json"), "{}");
    return config(LOCAL_CATALOG + String.join("", extraBlocks) + "auth: {mode: anonymous}\n");
  }

  @Test
  void givenAValidConfig_whenValidated_thenItSaysConfigOkAndExitsZero() throws IOException {
    Path config = localCatalogConfig();

    // A relative --config, like the relative file.path inside it, starts from the working
    // directory.
    int exit = run("validate-config", "--config", dir.relativize(config).toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo("config OK" + System.lineSeparator());
  }

  @Test
  void givenAnInvalidConfig_whenValidated_thenEveryProblemIsPrintedOnItsOwnLineAndItExitsOne()
      throws IOException {
    Path config =
        config(
            """
            registryName: old
            sources:
              - {name: local, file: {url: "ftp://example.com/r.json"}, syncPolicy: {interval: 5m}}
              - {name: internal, managed: {}}
            registries:
              - {name: default, sources: [local, missing]}
            auth: {mode: anonymous}
            """);

    int exit = run("validate-config", "--config", config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines())
        .containsExactly(
            "warning: registryName: unknown key, ignored (ToolHive ignores it too; registries are"
                + " named by registries[].name)",
            "error: sources[0].file.url: must use http or https (got \"ftp://example.com/r.json\")",
            "error: registries[0].sources[1]: references unknown source \"missing\"; configured"
                + " sources: local, internal");
  }

  @Test
  void validateConfigAppliesEnvironmentOverrides() throws IOException {
    Path config = localCatalogConfig();

    int exit =
        run(
            Map.of("THV_REGISTRY_AUTH_MODE", "sometimes"),
            false,
            "",
            "validate-config",
            "--config",
            config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            "error: auth.mode: must be anonymous or oauth (got \"sometimes\") (set by environment"
                + " variable THV_REGISTRY_AUTH_MODE)");
  }

  @Test
  void aMissingConfigFileIsAConfigErrorNotAUsageError() {
    int exit = run("validate-config", "--config", dir.resolve("nope.yaml").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("error: cannot read the config file");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("validate-config")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    assertThat(run("no-such-command")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("version", "--format", "xml")).isEqualTo(2);
    assertThat(run("migrate")).isEqualTo(2);
  }

  @Test
  void serveRejectsABadAddressBeforeStartingAnything() {
    int exit = run("serve", "--address", "8080", "--internal-address", ":8081");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--address: invalid address '8080'");
    assertThat(dir.resolve(".waggle")).doesNotExist();
  }

  @Test
  void serveWithAnInvalidConfigListsTheProblemsAndExitsOne() throws IOException {
    Path config = config("sources: []\n");

    int exit = run("serve", "--config", config.toString(), "--address", "127.0.0.1:0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("Waggle cannot start: the configuration has 2 problem(s):")
        .contains("  sources: at least one source is required")
        .contains("  registries: at least one registry is required");
  }

  @Test
  void versionPrintsTheBuildAsTextOrJson() throws IOException {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).startsWith("Waggle ").contains("commit:").contains("platform:");

    out.getBuffer().setLength(0);
    assertThat(run("version", "--format", "json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("version", "commit", "build_date", "java_version", "platform");
    assertThat(json.get("version").asText()).isEqualTo(BuildMetadata.current().version());
  }

  @Test
  void migrateUpRefusesToActWithoutConfirmationWhenNobodyCanAnswer() throws IOException {
    Path config = localCatalogConfig(DATABASE_ON_DB_INTERNAL);

    int exit = run("migrate", "up", "--config", config.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "refusing to change database registry on db.internal:5432 without confirmation; stdin"
                + " is not a terminal, so pass -y (--yes)");
  }

  @Test
  void migrateUpDoesNothingWhenThePersonAtTheTerminalSaysNo() throws IOException {
    Path config = localCatalogConfig(DATABASE_ON_DB_INTERNAL);

    int exit = run(Map.of(), true, "no\n", "migrate", "up", "--config", config.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Continue? (yes/no): ")
        .contains("Migration cancelled; nothing was changed.");
  }
}
