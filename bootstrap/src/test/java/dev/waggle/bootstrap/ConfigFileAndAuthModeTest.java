package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The command line as ToolHive users type it: {@code CONFIG_FILE} and {@code --auth-mode}. */
class ConfigFileAndAuthModeTest {
  private static final String CATALOG_CONFIG =
      """
      sources:
        - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
      registries:
        - {name: default, sources: [local]}
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli =
        Main.commandLine(
            new CliEnvironment(env, dir, dir.resolve("home"), false, new StringReader("")));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve("catalog.json"), "{}");
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void givenConfigFileInTheEnvironment_whenValidatingWithoutFlag_thenThatFileIsChecked()
      throws IOException {
    config("from-env.yaml", CATALOG_CONFIG + "auth: {mode: anonymous}\n");

    int exit = run(Map.of("CONFIG_FILE", "from-env.yaml"), "validate-config");

    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo("config OK" + System.lineSeparator());
  }

  @Test
  void givenBothFlagAndVariable_whenValidating_thenTheFlagWins() throws IOException {
    config("from-env.yaml", CATALOG_CONFIG + "auth: {mode: anonymous}\n");
    Path broken =
        config("from-flag.yaml", CATALOG_CONFIG + "auth: {mode: anonymous}\ndatabse: {}\n");

    int exit =
        run(
            Map.of("CONFIG_FILE", "from-env.yaml"),
            "validate-config",
            "--config",
            broken.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("error: databse: unknown key; did you mean 'database'?");
  }

  @Test
  void migrateUpReadsTheFileNamedByConfigFile() throws IOException {
    config(
        "from-env.yaml",
        CATALOG_CONFIG
            + "auth: {mode: anonymous}\n"
            + "database: {host: db.internal, port: 5432, user: app, database: registry}\n");

    int exit = run(Map.of("CONFIG_FILE", "from-env.yaml"), "migrate", "up");

    // It got as far as asking for confirmation about the database in that file.
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("refusing to change database registry on db.internal:5432");
  }

  @Test
  void serveRefusesAMisspeltKeyBeforeStartingAnything() throws IOException {
    Path config = config("typo.yaml", CATALOG_CONFIG + "auth: {mode: anonymous}\ndatabse: {}\n");

    int exit = run(Map.of(), "serve", "--config", config.toString(), "--address", "127.0.0.1:0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("  databse: unknown key; did you mean 'database'?");
    assertThat(dir.resolve(".waggle")).doesNotExist();
  }

  @Test
  void serveWithAuthModeOauthNeedsTheOauthBlock() throws IOException {
    Path config = config("anonymous.yaml", CATALOG_CONFIG + "auth: {mode: anonymous}\n");

    int exit =
        run(
            Map.of(),
            "serve",
            "--config",
            config.toString(),
            "--auth-mode",
            "oauth",
            "--address",
            "127.0.0.1:0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("  auth.oauth: is required when auth.mode is oauth");
    assertThat(dir.resolve(".waggle")).doesNotExist();
  }

  @Test
  void anAuthModeOtherThanAnonymousOrOauthIsAUsageError() {
    int exit = run(Map.of(), "serve", "--auth-mode", "sometimes");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--auth-mode")
        .contains("expected anonymous or oauth, not 'sometimes'")
        .doesNotContain("ANONYMOUS");
  }
}
