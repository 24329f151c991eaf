package dev.waggle.application.testing;

import dev.waggle.application.contract.RegistryStoreContract;
import dev.waggle.application.contract.StoragePorts;

/** {@link InMemoryStorage} keeps the {@code RegistryStore} contract. */
class InMemoryStorageAsRegistryStoreTest extends RegistryStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports();
  }
}
