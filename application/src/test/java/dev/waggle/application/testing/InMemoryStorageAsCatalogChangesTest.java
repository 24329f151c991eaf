package dev.waggle.application.testing;

import dev.waggle.application.contract.CatalogChangesContract;
import dev.waggle.application.contract.StoragePorts;

/** {@link InMemoryStorage} keeps the {@code CatalogChanges} contract. */
class InMemoryStorageAsCatalogChangesTest extends CatalogChangesContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports();
  }
}
