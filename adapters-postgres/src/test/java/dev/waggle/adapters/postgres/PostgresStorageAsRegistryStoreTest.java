package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.RegistryStoreContract;
import dev.waggle.application.contract.StoragePorts;

/** The PostgreSQL adapter keeps the {@code RegistryStore} contract, on a real database. */
class PostgresStorageAsRegistryStoreTest extends RegistryStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }
}
