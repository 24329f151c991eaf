package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.ServedCatalogStoreContract;
import dev.waggle.application.contract.StoragePorts;

/** The PostgreSQL adapter keeps the {@code ServedCatalogStore} contract, on a real database. */
class PostgresStorageAsServedCatalogStoreTest extends ServedCatalogStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }
}
