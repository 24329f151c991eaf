package dev.waggle.adapters.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.StorageHealth;
import dev.waggle.application.port.out.SyncStateStore;
import java.util.Objects;

/**
 * Persistence adapter wiring: binds the storage out-ports to PostgreSQL, all on one connection pool
 * of the app user, plus the {@link PostgresMigrator} to run first and the {@link PostgresStorage}
 * to close last.
 */
public final class PostgresStorageModule extends AbstractModule {
  private final PostgresSettings settings;

  public PostgresStorageModule(PostgresSettings settings) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
  }

  @Provides
  @Singleton
  PostgresStorage storage() {
    return new PostgresStorage(settings);
  }

  @Provides
  @Singleton
  PostgresMigrator migrator() {
    return new PostgresMigrator(settings);
  }

  @Provides
  @Singleton
  EntryStore entryStore(PostgresStorage storage) {
    return storage.guard(EntryStore.class, new JdbiEntryStore(storage.jdbi()));
  }

  @Provides
  @Singleton
  RegistryStore registryStore(PostgresStorage storage) {
    return storage.guard(RegistryStore.class, new JdbiRegistryStore(storage.jdbi()));
  }

  @Provides
  @Singleton
  SyncStateStore syncStateStore(PostgresStorage storage) {
    return storage.guard(
        SyncStateStore.class, new JdbiSyncStateStore(storage.jdbi(), storage.liveness()));
  }

  @Provides
  @Singleton
  StorageHealth storageHealth(PostgresStorage storage) {
    return new JdbcStorageHealth(storage.dataSource());
  }
}
