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

/** {@code migrate down} refuses, before touching any database, what ToolHive refuses. */
class MigrateDownCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(boolean interactive, String stdin, String... args) throws IOException {
    Files.writeString(dir.resolve("catalog.json"), "{}");
    Files.writeString(
        dir.resolve("config.yaml"),
        """
        database: {host: db.internal, port: 5432, user: app, database: registry}
        sources:
          - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
        registries:
          - {name: default, sources: [local]}
        auth: {mode: anonymous}
        """);
    CommandLine cli =
        Main.commandLine(
            new CliEnvironment(
                Map.of(), dir, dir.resolve("home"), interactive, new StringReader(stdin)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void givenNoNumSteps_whenMigratingDown_thenItIsRefusedWithExitTwo() throws IOException {
    int exit = run(false, "", "migrate", "down", "-y", "--config", "config.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--num-steps (-n) is required");
  }

  @Test
  void givenNumStepsOutsideOneTo999_whenMigratingDown_thenItIsRefusedWithExitTwo()
      throws IOException {
    assertThat(run(false, "", "migrate", "down", "-n", "0", "-y", "--config", "config.yaml"))
        .isEqualTo(2);
    assertThat(run(false, "", "migrate", "down", "-n", "1000", "-y", "--config", "config.yaml"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("between 1 and 999, not 0").contains("not 1000");
  }

  @Test
  void givenNoTerminalAndNoYes_whenMigratingDown_thenItIsRefusedWithExitTwo() throws IOException {
    int exit = run(false, "yes\n", "migrate", "down", "-n", "1", "--config", "config.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("refusing to change database registry on db.internal:5432 without confirmation")
        .contains("pass -y (--yes)");
  }

  @Test
  void givenAPersonWhoAnswersNo_whenMigratingDown_thenNothingIsRolledBack() throws IOException {
    int exit = run(true, "no\n", "migrate", "down", "-n", "2", "--config", "config.yaml");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("rolls back the last 2 migration(s) of database registry on db.internal:5432")
        .contains("Continue? (yes/no): ")
        .contains("Migration cancelled; nothing was changed.");
  }
}
