package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a cluster where nobody created the role {@code toolhive_registry_server}: a migration user who
 * may not create roles stops Waggle with the exact SQL a DBA must run, unless it serves too (then
 * no role is needed); one who may creates it.
 */
class MissingAppRoleTest {
  private static final String SOURCES =
      """
      sources:
        - {name: local, file: {path: c.json}, syncPolicy: {interval: 1h}}
      registries:
        - {name: default, sources: [local]}
      auth: {mode: anonymous}
      """;

  @TempDir Path dir;

  @Test
  void givenNoAppRole_whenTheMigrationUserMayNotCreateIt_thenStartFailsWithTheSqlAndChangesNothing()
      throws Exception {
    try (ToolHiveCluster cluster = ToolHiveCluster.start(dir.resolve("pg"), false)) {
      String database = cluster.newDatabase();
      registry()
          .server("io.example/role", "1.0.0", "Needs the role")
          .writeTo(dir.resolve("c.json"));
      Path pgpass =
          Files.writeString(
              dir.resolve("pgpass"),
              cluster.pgpassLine(ToolHiveCluster.APP_USER, ToolHiveCluster.APP_PASSWORD)
                  + cluster.pgpassLine(
                      ToolHiveCluster.MIGRATOR, ToolHiveCluster.MIGRATOR_PASSWORD));
      WaggleConfig config =
          new ConfigLoader(Map.of("PGPASSFILE", pgpass.toString()), dir, dir)
              .parse(
                  cluster.databaseBlock(
                          database, ToolHiveCluster.APP_USER, ToolHiveCluster.MIGRATOR)
                      + SOURCES)
              .orElseThrow();
      Launcher.Options options = LoopbackLaunch.options(dir.resolve("home"));

      assertThatThrownBy(() -> Launcher.start(config, options).close())
          .isInstanceOf(Launcher.LaunchException.class)
          .hasMessageContaining(
              "as a database administrator run: CREATE ROLE toolhive_registry_server NOLOGIN;"
                  + " GRANT toolhive_registry_server TO \"db_app\";");
      try (Connection admin = cluster.superuserConnection(database);
          Statement sql = admin.createStatement();
          ResultSet rows =
              sql.executeQuery(
                  "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = 'waggle'),"
                      + " (SELECT count(*) FROM pg_roles WHERE rolname = 'toolhive_registry_server')")) {
        rows.next();
        assertThat(rows.getLong(1)).as("schema waggle").isZero();
        assertThat(rows.getLong(2)).as("role").isZero();
      }

      // One user that migrates and serves owns the tables and needs no role.
      WaggleConfig singleUser =
          new ConfigLoader(Map.of("PGPASSFILE", pgpass.toString()), dir, dir)
              .parse(
                  cluster.databaseBlock(
                          cluster.newDatabase(), ToolHiveCluster.MIGRATOR, ToolHiveCluster.MIGRATOR)
                      + SOURCES)
              .orElseThrow();
      try (Launcher launcher = Launcher.start(singleUser, options)) {
        assertServes(launcher);
      }

      // A migration user allowed to create roles needs no DBA: it creates the role and grants it.
      cluster.superuser("ALTER ROLE " + ToolHiveCluster.MIGRATOR + " CREATEROLE");
      try (Launcher launcher = Launcher.start(config, options)) {
        assertServes(launcher);
      }
    }
  }

  private static void assertServes(Launcher launcher) {
    Api api = new Api(launcher.publicUrl());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                    .containsExactly("io.example/role@1.0.0"));
  }
}
