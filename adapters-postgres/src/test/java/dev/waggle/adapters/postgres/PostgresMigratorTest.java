package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresMigratorTest {

  @Test
  void replicasMigratingTheSameEmptyDatabaseAtOnceAllSucceedAndApplyEachChangeOnce()
      throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(replicas.submit(() -> new PostgresMigrator(settings).migrate()));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      replicas.shutdownNow();
    }
    new PostgresMigrator(settings).migrate();

    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(count(migration, "SELECT count(*) FROM databasechangelog WHERE id = '1-catalog'"))
          .isEqualTo(1);
      assertThat(
              count(migration, "SELECT count(*) FROM pg_tables WHERE tablename = 'server_version'"))
          .isEqualTo(1);
    }
  }

  @Test
  void migratingSaysHowManyChangesetsItApplied_allOnAFreshDatabase_noneWhenUpToDate()
      throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    PostgresMigrator migrator = new PostgresMigrator(settings);

    int first = migrator.migrate();
    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(first)
          .isPositive()
          .isEqualTo((int) count(migration, "SELECT count(*) FROM databasechangelog"));
    }
    assertThat(migrator.rollback(2)).isEqualTo(2);
    assertThat(migrator.migrate()).as("the two rolled back").isEqualTo(2);
    assertThat(new PostgresMigrator(settings).migrate()).as("nothing left to apply").isZero();
  }

  @Test
  void theAppUserMayReadAndWriteEveryTableButNotChangeTheSchema() throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    new PostgresMigrator(settings).migrate();

    try (Connection app = connect(settings, settings.user(), settings.password());
        Statement sql = app.createStatement()) {
      sql.execute(
          "INSERT INTO source (name, kind, kind_config, filter_config) VALUES ('s', 'managed', '{}', '{}')");
      sql.execute("UPDATE source SET claims = '{\"org\": [\"acme\"]}' WHERE name = 's'");
      assertThat(count(app, "SELECT count(*) FROM source")).isEqualTo(1);
      sql.execute("DELETE FROM source");

      assertThatThrownBy(() -> sql.execute("CREATE TABLE intruder (id int)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("DROP TABLE server_version"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("must be owner");
    }
  }

  @Test
  void tablesAddedAfterTheFirstMigrationAreOpenToTheAppUserToo() throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    new PostgresMigrator(settings).migrate();

    try (Connection migration =
            connect(settings, settings.migrationUser(), settings.migrationPassword());
        Statement ddl = migration.createStatement()) {
      ddl.execute("CREATE TABLE later_addition (id int)");
    }
    try (Connection app = connect(settings, settings.user(), settings.password());
        Statement sql = app.createStatement()) {
      sql.execute("INSERT INTO later_addition VALUES (1)");
      assertThat(count(app, "SELECT count(*) FROM later_addition")).isEqualTo(1);
    }
  }

  @Test
  void grantingTheAppRoleTakesAnyUserNameLiterally() throws Exception {
    PostgresSettings migrated = EmbeddedPostgresFixture.migratedDatabase();
    String oddName = "app\"; DROP TABLE source; --" + System.nanoTime();
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + PostgresAppRole.quoteIdentifier(oddName) + " LOGIN");
    }
    // The superuser may grant the role; the fixture's migration users may not.
    PostgresSettings settings =
        PostgresSettings.of(migrated.jdbcUrl(), oddName, null, "postgres", null);

    new PostgresMigrator(settings).migrate();

    try (Connection app = connect(settings, oddName, null)) {
      assertThat(count(app, "SELECT count(*) FROM source")).isZero();
      assertThat(count(app, "SELECT count(*) FROM pg_tables WHERE tablename = 'source'"))
          .isEqualTo(1);
    }
  }

  @Test
  void givenAnAppUserOutsideTheRole_whenTheMigrationUserMayNotGrantIt_thenItFailsWithTheExactGrant()
      throws Exception {
    PostgresSettings fresh = EmbeddedPostgresFixture.freshDatabase();
    String outsider = "outsider_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + outsider + " LOGIN");
    }
    PostgresSettings settings =
        PostgresSettings.of(
            fresh.jdbcUrl(), outsider, null, fresh.migrationUser(), fresh.migrationPassword());

    assertThatThrownBy(() -> new PostgresMigrator(settings).migrate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GRANT toolhive_registry_server TO \"" + outsider + "\";");

    try (Connection migration = connect(fresh, fresh.migrationUser(), fresh.migrationPassword())) {
      assertThat(count(migration, "SELECT count(*) FROM pg_namespace WHERE nspname = 'waggle'"))
          .as("nothing was created")
          .isZero();
    }
  }

  @Test
  void givenAMigrationUserThatMayNotCreateSchemas_whenMigrating_thenItFailsWithTheCreateSchema()
      throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    String database = settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1);
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("ALTER DATABASE " + database + " OWNER TO postgres");
      sql.execute("REVOKE CREATE ON DATABASE " + database + " FROM PUBLIC");
      sql.execute("GRANT CONNECT ON DATABASE " + database + " TO " + settings.migrationUser());
    }

    assertThatThrownBy(() -> new PostgresMigrator(settings).migrate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "as a database administrator run: CREATE SCHEMA waggle AUTHORIZATION \""
                + settings.migrationUser()
                + "\";");
  }

  @Test
  void theSchemaHoldsExactlyWaggleOwnTablesAndPublicStaysEmpty() throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    new PostgresMigrator(settings).migrate();

    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(tables(migration, "waggle"))
          .containsExactlyInAnyOrderElementsOf(PostgresSchema.OWN_TABLES);
      assertThat(tables(migration, "public")).isEmpty();
    }
  }

  @Test
  void everyChangesetRollsBackAndTheSchemaCanBeMigratedAgain() throws Exception {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    PostgresMigrator migrator = new PostgresMigrator(settings);
    migrator.migrate();
    int changesets;
    List<String> migrated;
    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      changesets = (int) count(migration, "SELECT count(*) FROM databasechangelog");
      migrated = shape(migration);
    }

    assertThat(migrator.rollback(1)).isEqualTo(1);
    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(shape(migration))
          .as("rolling back the last changeset changes the schema")
          .isNotEqualTo(migrated);
      assertThat(count(migration, "SELECT count(*) FROM databasechangelog"))
          .isEqualTo(changesets - 1);
    }
    migrator.migrate();
    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(shape(migration))
          .as("migrating again restores exactly what the last changeset made")
          .isEqualTo(migrated);
    }
    assertThat(migrator.rollback(1)).isEqualTo(1);
    assertThat(migrator.rollback(999)).isEqualTo(changesets - 1);
    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(tables(migration, "waggle"))
          .containsExactlyInAnyOrder("databasechangelog", "databasechangeloglock");
      assertThat(count(migration, "SELECT count(*) FROM databasechangelog")).isZero();
    }
    assertThat(migrator.rollback(1)).as("nothing left to roll back").isZero();

    migrator.migrate();
    try (Connection app = connect(settings, settings.user(), settings.password());
        Statement sql = app.createStatement()) {
      sql.execute(
          "INSERT INTO source (name, kind, kind_config, filter_config)"
              + " VALUES ('again', 'managed', '{}', '{}')");
      assertThat(count(app, "SELECT count(*) FROM source")).isEqualTo(1);
    }
    try (Connection migration =
        connect(settings, settings.migrationUser(), settings.migrationPassword())) {
      assertThat(count(migration, "SELECT count(*) FROM databasechangelog")).isEqualTo(changesets);
    }
  }

  @Test
  void aMigrationThatCannotReachTheDatabaseSaysWhichUserTried() {
    PostgresSettings unreachable =
        PostgresSettings.of(
            "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2",
            "app",
            null,
            "owner",
            "secret");

    assertThatThrownBy(() -> new PostgresMigrator(unreachable).migrate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("owner")
        .hasMessageNotContaining("secret");
  }

  private static Connection connect(PostgresSettings settings, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("currentSchema", PostgresSchema.NAME);
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

  /** Waggle's tables, columns with their types, and indexes, in a stable order. */
  private static List<String> shape(Connection connection) throws SQLException {
    List<String> shape = new ArrayList<>();
    try (Statement sql = connection.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT table_name || '.' || column_name || ' ' || data_type"
                    + " FROM information_schema.columns WHERE table_schema = 'waggle'"
                    + " UNION ALL SELECT indexname || ' ' || indexdef FROM pg_indexes"
                    + " WHERE schemaname = 'waggle'"
                    // Storage settings are shape too: a changeset may set only those.
                    + " UNION ALL SELECT c.relname || ' ' || array_to_string(c.reloptions, ',')"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'waggle' AND c.reloptions IS NOT NULL ORDER BY 1")) {
      while (rs.next()) {
        shape.add(rs.getString(1));
      }
    }
    return shape;
  }

  private static long count(Connection connection, String query) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
