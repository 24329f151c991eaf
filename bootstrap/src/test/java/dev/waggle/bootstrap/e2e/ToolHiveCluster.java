package dev.waggle.bootstrap.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a real PostgreSQL prepared the way ToolHive's docker-compose init script prepares
 * one — in our own SQL: the NOLOGIN role {@code toolhive_registry_server} (optionally left out), an
 * app user {@code db_app} in that role with CONNECT and USAGE on {@code public}, and a migration
 * user {@code db_migrator} with every privilege on the database and on {@code public} but neither
 * superuser nor CREATEROLE. Both log in with SCRAM passwords over TCP; only the superuser is
 * trusted, for the setup itself.
 */
final class ToolHiveCluster implements AutoCloseable {
  static final String ROLE = "toolhive_registry_server";
  static final String APP_USER = "db_app";
  static final String APP_PASSWORD = "app:pass'word";
  static final String MIGRATOR = "db_migrator";
  static final String MIGRATOR_PASSWORD = "migrator pass";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final EmbeddedPostgres postgres;

  private ToolHiveCluster(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a cluster with the two users; with the role granted to the app user when asked. */
  static ToolHiveCluster start(Path directory, boolean withRole) {
    try {
      Path hba = Files.createDirectories(directory).resolve("pg_hba.conf");
      Files.writeString(
          hba,
          """
          host all postgres 127.0.0.1/32 trust
          host all postgres ::1/128 trust
          host all all 127.0.0.1/32 scram-sha-256
          host all all ::1/128 scram-sha-256
          """);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("hba_file", hba.toString())
              .setServerConfig("password_encryption", "scram-sha-256")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .start();
      ToolHiveCluster cluster = new ToolHiveCluster(postgres);
      cluster.superuser(
          withRole ? "CREATE ROLE " + ROLE + " NOLOGIN" : "SELECT 1",
          "CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD.replace("'", "''") + "'",
          "CREATE ROLE "
              + MIGRATOR
              + " LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '"
              + MIGRATOR_PASSWORD
              + "'",
          withRole ? "GRANT " + ROLE + " TO " + APP_USER : "SELECT 1");
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the ToolHive-style PostgreSQL", e);
    }
  }

  /** A new database with the grants of ToolHive's init script; returns its name. */
  String newDatabase() {
    String database = "registry_" + DATABASES.incrementAndGet();
    superuser(
        "CREATE DATABASE " + database,
        "GRANT CONNECT ON DATABASE " + database + " TO " + APP_USER,
        "GRANT ALL PRIVILEGES ON DATABASE " + database + " TO " + MIGRATOR);
    try (Connection connection = superuserConnection(database);
        Statement sql = connection.createStatement()) {
      sql.execute("GRANT USAGE ON SCHEMA public TO " + APP_USER);
      sql.execute("GRANT ALL ON SCHEMA public TO " + MIGRATOR);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return database;
  }

  int port() {
    return postgres.getPort();
  }

  /** A {@code database} block for the two users, without passwords: they come from .pgpass. */
  String databaseBlock(String database, String user, String migrationUser) {
    return """
        database:
          host: 127.0.0.1
          port: %d
          database: %s
          user: %s
          migrationUser: %s
          sslMode: disable
          maxOpenConns: 4
        """
        .formatted(port(), database, user, migrationUser);
  }

  /** A libpq password file line for {@code user} on any database of this cluster. */
  String pgpassLine(String user, String password) {
    return "127.0.0.1:"
        + port()
        + ":*:"
        + user
        + ":"
        + password.replace("\\", "\\\\").replace(":", "\\:")
        + "\n";
  }

  Connection superuserConnection(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=postgres");
  }

  Connection connect(String database, String user, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port() + "/" + database, user, password);
  }

  void superuser(String... statements) {
    try (Connection connection = superuserConnection("postgres");
        Statement sql = connection.createStatement()) {
      for (String statement : statements) {
        sql.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
