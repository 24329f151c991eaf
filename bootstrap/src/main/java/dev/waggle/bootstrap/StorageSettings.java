package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.bootstrap.config.DatabaseConfig;
import java.time.Duration;

/**
 * Bootstrap: turns the {@code database} block into the persistence adapter's settings (the adapter
 * itself checks the role contract and grants when it migrates).
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
}
