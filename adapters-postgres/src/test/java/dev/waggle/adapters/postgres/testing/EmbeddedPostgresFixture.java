package dev.waggle.adapters.postgres.testing;

import dev.waggle.adapters.postgres.PostgresAppRole;
import dev.waggle.adapters.postgres.PostgresMigrator;
import dev.waggle.adapters.postgres.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: one real PostgreSQL (zonky embedded binaries) per JVM, started on first use and
 * stopped when the JVM exits, handing out a fresh database per caller so tests never share rows.
 *
 * <p>Each database comes with its own migration user (owner of the database) and app user (member
 * of {@link PostgresAppRole#NAME}, as ToolHive's init script prepares it, so it gets DML on the
 * tables once they are migrated).
 */
public final class EmbeddedPostgresFixture {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String TEMPLATE_DATABASE = "waggle_template";
  private static EmbeddedPostgres cluster;
  private static PostgresSettings template;

  private EmbeddedPostgresFixture() {}

  /** A new empty database: nothing migrated yet. */
  public static PostgresSettings freshDatabase() {
    return create(null);
  }

  private static PostgresSettings create(String databaseName) {
    String suffix = ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    String database = databaseName == null ? "waggle_test_" + suffix : databaseName;
    String migrationUser = "waggle_migrator_" + suffix;
    String appUser = "waggle_user_" + suffix;
    EmbeddedPostgres postgres = cluster();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + migrationUser + " LOGIN PASSWORD 'migrate-" + suffix + "'");
      sql.execute("CREATE ROLE " + appUser + " LOGIN PASSWORD 'app-" + suffix + "'");
      sql.execute("CREATE DATABASE " + database + " OWNER " + migrationUser);
      // The role is cluster-wide; the migration users here may not create it, as in ToolHive's
      // two-user setup, so it is created beforehand by the superuser.
      sql.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + PostgresAppRole.NAME
              + "') THEN CREATE ROLE "
              + PostgresAppRole.NAME
              + " NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;"
              + " END $$");
      sql.execute("GRANT " + PostgresAppRole.NAME + " TO " + appUser);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
    }
    return new PostgresSettings(
        jdbcUrl(database),
        appUser,
        "app-" + suffix,
        migrationUser,
        "migrate-" + suffix,
        4,
        0,
        Duration.ofMinutes(30));
  }

  /**
   * A new database with the schema in place, ready for the stores. The first call migrates a
   * template; later calls copy it, which is several times faster than running Liquibase again. Its
   * migration user is the template's, the owner of the copied tables.
   */
  public static PostgresSettings migratedDatabase() {
    PostgresSettings template = migratedTemplate();
    String suffix = ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    String database = "waggle_test_" + suffix;
    String appUser = "waggle_user_" + suffix;
    try (Connection admin = superuserConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + appUser + " LOGIN PASSWORD 'app-" + suffix + "'");
      sql.execute(
          "CREATE DATABASE "
              + database
              + " TEMPLATE "
              + TEMPLATE_DATABASE
              + " OWNER "
              + template.migrationUser());
      sql.execute("GRANT " + PostgresAppRole.NAME + " TO " + appUser);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot copy the test database: " + e.getMessage(), e);
    }
    return new PostgresSettings(
        jdbcUrl(database),
        appUser,
        "app-" + suffix,
        template.migrationUser(),
        template.migrationPassword(),
        template.maxPoolSize(),
        template.minIdle(),
        template.maxLifetime());
  }

  private static synchronized PostgresSettings migratedTemplate() {
    if (template == null) {
      PostgresSettings settings = create(TEMPLATE_DATABASE);
      new PostgresMigrator(settings).migrate();
      template = settings;
    }
    return template;
  }

  /** A superuser connection to the cluster's {@code postgres} database, for setup that needs it. */
  public static Connection superuserConnection() throws SQLException {
    return cluster().getPostgresDatabase().getConnection();
  }

  private static String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + cluster().getPort() + "/" + database;
  }

  private static synchronized EmbeddedPostgres cluster() {
    if (cluster == null) {
      try {
        cluster =
            EmbeddedPostgres.builder()
                // Test data need not survive a crash; skipping the flushes makes every write cheap.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setRegisterShutdownHook(true)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
    return cluster;
  }
}
