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
  /**
   * Seconds the driver may take to open a connection, authentication included. Without it pgjdbc
   * waits forever on a server that accepts the TCP connection and never answers (a hung server, or
   * another process on the port of an embedded PostgreSQL that died): {@code connectTimeout} bounds
   * the TCP handshake only.
   */
  static final String LOGIN_TIMEOUT_SECONDS = "5";

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
    properties.setProperty("loginTimeout", LOGIN_TIMEOUT_SECONDS);
    Connection connection = new Driver().connect(settings.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + settings.jdbcUrl());
    }
    return connection;
  }
}
