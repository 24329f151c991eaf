package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresMigrator;
import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.bootstrap.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Bootstrap: turns the {@code database} block into the persistence adapter's settings, and makes
 * sure the app user may use the tables once the migration user has created them.
 */
final class StorageSettings {
  static final int DEFAULT_MAX_OPEN_CONNS = 10;
  static final int DEFAULT_MAX_IDLE_CONNS = 2;
  static final Duration DEFAULT_CONN_MAX_LIFETIME = Duration.ofMinutes(30);

  private StorageSettings() {}

  static PostgresSettings from(DatabaseConfig database) {
    int maxOpen = database.maxOpenConns().orElse(DEFAULT_MAX_OPEN_CONNS);
    int maxIdle = database.maxIdleConns().orElse(Math.min(DEFAULT_MAX_IDLE_CONNS, maxOpen));
    return new PostgresSettings(
        database.jdbcUrl(),
        database.user(),
        database.password().orElse(null),
        database.migrationUser(),
        database.migrationPassword().orElse(null),
        maxOpen,
        maxIdle,
        database.connMaxLifetime().orElse(DEFAULT_CONN_MAX_LIFETIME));
  }

  /**
   * Grants {@link PostgresMigrator#APP_ROLE} to the app user unless it already has it (or is the
   * migration user, who owns the tables anyway) — what ToolHive's separate {@code prime-db} step
   * did by hand.
   *
   * @throws IllegalStateException when the grant is needed and the migration user may not give it
   */
  static void grantAppRole(PostgresSettings settings) {
    if (settings.user().equals(settings.migrationUser())) {
      return;
    }
    Properties credentials = new Properties();
    credentials.setProperty("user", settings.migrationUser());
    if (settings.migrationPassword() != null) {
      credentials.setProperty("password", settings.migrationPassword());
    }
    try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), credentials)) {
      if (isMember(connection, settings.user())) {
        return;
      }
      PostgresMigrator.grantAppRole(connection, settings.user());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the app user "
              + settings.user()
              + " cannot be given access to the tables: "
              + e.getMessage()
              + "; as a database administrator run: GRANT "
              + PostgresMigrator.APP_ROLE
              + " TO "
              + settings.user(),
          e);
    }
  }

  private static boolean isMember(Connection connection, String user) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT pg_has_role(?, ?, 'MEMBER') FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, user);
      query.setString(2, PostgresMigrator.APP_ROLE);
      query.setString(3, user);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }
}
