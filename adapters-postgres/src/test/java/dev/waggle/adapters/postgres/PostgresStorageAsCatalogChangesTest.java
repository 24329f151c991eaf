package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.CatalogChangesContract;
import dev.waggle.application.contract.StoragePorts;

/** The PostgreSQL adapter keeps the {@code CatalogChanges} contract, on a real database. */
class PostgresStorageAsCatalogChangesTest extends CatalogChangesContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }
}
