package dev.waggle.application.testing;

import dev.waggle.application.contract.ServedCatalogStoreContract;
import dev.waggle.application.contract.StoragePorts;

/** {@link InMemoryStorage} keeps the {@code ServedCatalogStore} contract. */
class InMemoryStorageAsServedCatalogStoreTest extends ServedCatalogStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports();
  }
}
