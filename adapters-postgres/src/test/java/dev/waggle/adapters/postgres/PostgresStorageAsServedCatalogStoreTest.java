package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.ServedCatalogStoreContract;
import dev.waggle.application.contract.StoragePorts;
import java.time.Duration;

/** The PostgreSQL adapter keeps the {@code ServedCatalogStore} contract, on a real database. */
class PostgresStorageAsServedCatalogStoreTest extends ServedCatalogStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }

  @Override
  protected StoragePorts openStorageKeepingNoTombstones() {
    return PostgresStoragePorts.migrated(Duration.ZERO);
  }
}
