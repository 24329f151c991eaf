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
    PostgresSettings settings = EmbeddedPostgresFixture.migratedDatabase();
    String oddName = "app\"; DROP TABLE source; --" + System.nanoTime();
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + PostgresMigrator.quoteIdentifier(oddName) + " LOGIN");
      PostgresMigrator.grantAppRole(admin, oddName);
      assertThat(
              count(
                  admin,
                  "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
                      + " JOIN pg_roles g ON g.oid = m.roleid"
                      + " WHERE g.rolname = 'waggle_app' AND r.rolname = '"
                      + oddName.replace("'", "''")
                      + "'"))
          .isEqualTo(1);
    }
    try (Connection app = connect(settings, oddName, null)) {
      assertThat(count(app, "SELECT count(*) FROM source")).isZero();
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
    return DriverManager.getConnection(settings.jdbcUrl(), user, password);
  }

  private static long count(Connection connection, String query) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
