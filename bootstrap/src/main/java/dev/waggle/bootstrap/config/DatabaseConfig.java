package dev.waggle.bootstrap.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Configuration: the {@code database} block, passwords already resolved (config, then {@code
 * THV_REGISTRY_DATABASE_*PASSWORD}, then {@code .pgpass}). Its text form never shows a password.
 *
 * @param migrationUser the user that runs schema migrations; {@code user} when not set
 * @param maxOpenConns pool size; empty for Waggle's default
 * @param maxIdleConns connections kept open when idle; empty for Waggle's default
 */
public record DatabaseConfig(
    String host,
    int port,
    String user,
    String database,
    String migrationUser,
    Optional<String> password,
    Optional<String> migrationPassword,
    SslMode sslMode,
    OptionalInt maxOpenConns,
    OptionalInt maxIdleConns,
    Optional<Duration> connMaxLifetime,
    int maxMetaSize) {
  public static final int DEFAULT_MAX_META_SIZE = 262_144;

  public DatabaseConfig {
    Objects.requireNonNull(host, "'host' must not be null");
    Objects.requireNonNull(user, "'user' must not be null");
    Objects.requireNonNull(database, "'database' must not be null");
    Objects.requireNonNull(migrationUser, "'migrationUser' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
    Objects.requireNonNull(migrationPassword, "'migrationPassword' must not be null");
    Objects.requireNonNull(sslMode, "'sslMode' must not be null");
  }

  /** The JDBC URL both users connect to. */
  public String jdbcUrl() {
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://"
        + hostPart
        + ":"
        + port
        + "/"
        + database
        + "?sslmode="
        + sslMode.value();
  }

  @Override
  public String toString() {
    return "DatabaseConfig[host=%s, port=%d, database=%s, user=%s, migrationUser=%s, sslMode=%s,"
            .formatted(host, port, database, user, migrationUser, sslMode.value())
        + " has_password=%s, has_migration_password=%s]"
            .formatted(password.isPresent(), migrationPassword.isPresent());
  }
}
