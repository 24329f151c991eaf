package dev.waggle.adapters.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.port.out.ManagedEntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.StorageHealth;
import dev.waggle.application.port.out.SyncStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Persistence adapter wiring: binds the storage out-ports to PostgreSQL, all on one connection pool
 * of the app user (the catalog change feed listens on a connection of its own), plus the {@link
 * PostgresMigrator} to run first and the {@link PostgresStorage} to close last.
 */
public final class PostgresStorageModule extends AbstractModule {
  private final PostgresSettings settings;
  private final Duration retention;

  public PostgresStorageModule(PostgresSettings settings) {
    this(settings, JdbiEntryStore.DEFAULT_RETENTION);
  }

  /**
   * @param retention how long versions a source removed stay served as deleted tombstones
   */
  public PostgresStorageModule(PostgresSettings settings, Duration retention) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.retention = Objects.requireNonNull(retention, "'retention' must not be null");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("'retention' must not be negative: " + retention);
    }
  }

  @Override
  protected void configure() {
    // Bound by whichever module keeps the process's meters; absent without one.
    OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
  }

  @Provides
  @Singleton
  PostgresStorage storage(Optional<MeterRegistry> meters) {
    return new PostgresStorage(settings, meters);
  }

  @Provides
  @Singleton
  PostgresMigrator migrator() {
    return new PostgresMigrator(settings);
  }

  @Provides
  @Singleton
  PgCatalogChanges pgCatalogChanges() {
    return new PgCatalogChanges(settings);
  }

  @Provides
  CatalogChanges catalogChanges(PgCatalogChanges changes) {
    return changes;
  }

  /** Handed from this replica's entry store to its served catalog store after each write. */
  @Provides
  @Singleton
  DocumentHandOver documentHandOver() {
    return new DocumentHandOver();
  }

  @Provides
  @Singleton
  EntryStore entryStore(
      PostgresStorage storage, PgCatalogChanges changes, DocumentHandOver handOver) {
    return storage.guard(
        EntryStore.class, new JdbiEntryStore(storage.jdbi(), changes, retention, handOver));
  }

  @Provides
  @Singleton
  ManagedEntryStore managedEntryStore(PostgresStorage storage, PgCatalogChanges changes) {
    return storage.guard(
        ManagedEntryStore.class, new JdbiManagedEntryStore(storage.jdbi(), changes));
  }

  @Provides
  @Singleton
  RegistryStore registryStore(PostgresStorage storage, PgCatalogChanges changes) {
    return storage.guard(RegistryStore.class, new JdbiRegistryStore(storage.jdbi(), changes));
  }

  @Provides
  @Singleton
  ServedCatalogStore servedCatalogStore(PostgresStorage storage, DocumentHandOver handOver) {
    return storage.guard(
        ServedCatalogStore.class, new JdbiServedCatalogStore(storage.jdbi(), handOver));
  }

  @Provides
  @Singleton
  ExtensionCatalogStore extensionCatalogStore(PostgresStorage storage) {
    return storage.guard(
        ExtensionCatalogStore.class, new JdbiExtensionCatalogStore(storage.jdbi()));
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
