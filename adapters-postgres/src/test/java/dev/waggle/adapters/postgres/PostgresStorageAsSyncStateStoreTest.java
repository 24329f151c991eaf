package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.StoragePorts;
import dev.waggle.application.contract.SyncStateStoreContract;

/** The PostgreSQL adapter keeps the {@code SyncStateStore} contract, on a real database. */
class PostgresStorageAsSyncStateStoreTest extends SyncStateStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }
}
