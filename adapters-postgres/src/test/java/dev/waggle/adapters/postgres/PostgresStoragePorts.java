package dev.waggle.adapters.postgres;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.application.contract.StoragePorts;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.SyncStateStore;
import java.time.Duration;

/**
 * Test fixture: the PostgreSQL stores of one freshly migrated database, as the storage ports a
 * contract asks for, wired as {@link PostgresStorageModule} wires them.
 */
final class PostgresStoragePorts implements StoragePorts {
  private final PostgresStorage storage;
  private final PgCatalogChanges changes;
  private final JdbiRegistryStore registries;
  private final JdbiEntryStore entries;
  private final JdbiServedCatalogStore served;
  private final JdbiSyncStateStore syncStates;
  private final DocumentHandOver handOver = new DocumentHandOver();

  private PostgresStoragePorts(PostgresSettings settings, Duration retention) {
    this.storage = new PostgresStorage(settings);
    this.changes = new PgCatalogChanges(settings);
    this.registries = new JdbiRegistryStore(storage.jdbi(), changes);
    this.entries = new JdbiEntryStore(storage.jdbi(), changes, retention, handOver);
    this.served = new JdbiServedCatalogStore(storage.jdbi(), handOver);
    this.syncStates = new JdbiSyncStateStore(storage.jdbi(), storage.liveness());
  }

  static StoragePorts migrated() {
    return migrated(JdbiEntryStore.DEFAULT_RETENTION);
  }

  /** As {@link #migrated()}, keeping deleted versions for {@code retention}. */
  static StoragePorts migrated(Duration retention) {
    return new PostgresStoragePorts(EmbeddedPostgresFixture.migratedDatabase(), retention);
  }

  @Override
  public RegistryStore registries() {
    return registries;
  }

  @Override
  public EntryStore entries() {
    return entries;
  }

  @Override
  public ServedCatalogStore served() {
    return served;
  }

  @Override
  public SyncStateStore syncStates() {
    return syncStates;
  }

  @Override
  public CatalogChanges changes() {
    return changes;
  }

  @Override
  public void close() {
    storage.close();
  }
}
