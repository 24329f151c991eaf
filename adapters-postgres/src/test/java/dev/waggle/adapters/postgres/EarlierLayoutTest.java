package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.junit.jupiter.api.Test;

/**
 * A database of an earlier Waggle, whose tables and Liquibase history are in schema public, keeps
 * its rows when this Waggle moves them to schema waggle.
 */
class EarlierLayoutTest {

  @Test
  void givenAnEarlierWaggleDatabaseInPublic_whenMigrated_thenItsTablesMoveToWaggleWithTheirRows()
      throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement sql = admin.createStatement()) {
      // The earlier changelog created this role itself; these migration users may not.
      sql.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'waggle_app')"
              + " THEN CREATE ROLE waggle_app NOLOGIN; END IF;"
              + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
    }
    Map<String, String> checksumsBefore;
    try (Connection migration = connect(settings, settings.migrationUser(), null)) {
      runEarlierChangelog(migration);
      try (Statement sql = migration.createStatement()) {
        sql.execute(
            "INSERT INTO public.source (name, kind, kind_config, filter_config)"
                + " VALUES ('kept', 'managed', '{}', '{}')");
        sql.execute("INSERT INTO public.registry (name) VALUES ('default')");
        sql.execute(
            "INSERT INTO public.registry_source (registry_id, source_id, position)"
                + " SELECT r.id, s.id, 0 FROM public.registry r, public.source s");
      }
      checksumsBefore = checksums(migration);
      assertThat(tables(migration, "public")).contains("source", "databasechangelog");
    }

    new PostgresMigrator(settings).migrate();

    try (Connection migration = connect(settings, settings.migrationUser(), "waggle")) {
      assertThat(tables(migration, "public")).isEmpty();
      assertThat(tables(migration, "waggle"))
          .containsExactlyInAnyOrderElementsOf(PostgresSchema.OWN_TABLES);
      // Adding rollback blocks to shipped changesets left their checksums alone; otherwise
      // Liquibase would have refused to migrate this database at all.
      Map<String, String> checksumsAfter = checksums(migration);
      assertThat(checksumsAfter.get("1-catalog")).isEqualTo(checksumsBefore.get("1-catalog"));
      assertThat(checksumsAfter.get("3-live-entries"))
          .isEqualTo(checksumsBefore.get("3-live-entries"));
    }
    try (Connection app = connect(settings, settings.user(), "waggle");
        Statement sql = app.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT s.name, r.name FROM registry_source rs JOIN source s ON s.id ="
                    + " rs.source_id JOIN registry r ON r.id = rs.registry_id")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("kept");
      assertThat(rows.getString(2)).isEqualTo("default");
      // The identity sequence moved with its table: new rows do not collide with kept ones. (A
      // kubernetes source: there is at most one managed source.)
      sql.execute(
          "INSERT INTO source (name, kind, kind_config, filter_config)"
              + " VALUES ('new', 'kubernetes', '{}', '{}')");
    }
  }

  /** Runs the changelog as Waggle shipped it before this change, in schema public. */
  private static void runEarlierChangelog(Connection connection) throws Exception {
    Path root = Path.of(EarlierLayoutTest.class.getResource("/legacy").toURI());
    Scope.child(
        Map.of(
            Scope.Attr.resourceAccessor.name(),
            new DirectoryResourceAccessor(root),
            Scope.Attr.logService.name(),
            new LiquibaseSlf4jLogService(),
            Scope.Attr.ui.name(),
            new LoggerUIService(),
            AnalyticsArgs.ENABLED.getKey(),
            false),
        () -> {
          Database database =
              DatabaseFactory.getInstance()
                  .findCorrectDatabaseImplementation(new JdbcConnection(connection));
          new CommandScope(UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
              .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, PostgresMigrator.CHANGELOG)
              .execute();
        });
    connection.setAutoCommit(true);
  }

  private static Map<String, String> checksums(Connection connection) throws SQLException {
    Map<String, String> checksums = new TreeMap<>();
    try (Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT id, md5sum FROM databasechangelog")) {
      while (rows.next()) {
        checksums.put(rows.getString(1), rows.getString(2));
      }
    }
    return checksums;
  }

  private static Connection connect(PostgresSettings settings, String user, String schema)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty(
        "password",
        user.equals(settings.user()) ? settings.password() : settings.migrationPassword());
    if (schema != null) {
      properties.setProperty("currentSchema", schema);
    }
    return DriverManager.getConnection(settings.jdbcUrl(), properties);
  }

  private static List<String> tables(Connection connection, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement sql = connection.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}
