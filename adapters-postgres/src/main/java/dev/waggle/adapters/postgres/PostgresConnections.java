package dev.waggle.adapters.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Persistence adapter: opens the migration user's own connections (migrations, {@code prime-db}),
 * with Waggle's schema first on the search path like the app's pool.
 */
final class PostgresConnections {
  private PostgresConnections() {}

  static Connection migration(PostgresSettings settings, String applicationName)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", settings.migrationUser());
    if (settings.migrationPassword() != null) {
      properties.setProperty("password", settings.migrationPassword());
    }
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("currentSchema", PostgresSchema.NAME);
    Connection connection = new Driver().connect(settings.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + settings.jdbcUrl());
    }
    return connection;
  }
}
