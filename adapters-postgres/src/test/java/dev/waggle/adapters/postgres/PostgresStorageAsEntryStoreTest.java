package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.EntryStoreContract;
import dev.waggle.application.contract.StoragePorts;

/** The PostgreSQL adapter keeps the {@code EntryStore} contract, on a real database. */
class PostgresStorageAsEntryStoreTest extends EntryStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }
}
