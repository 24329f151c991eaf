package dev.waggle.application.testing;

import dev.waggle.application.contract.StoragePorts;
import dev.waggle.application.contract.SyncStateStoreContract;

/** {@link InMemoryStorage} keeps the {@code SyncStateStore} contract. */
class InMemoryStorageAsSyncStateStoreTest extends SyncStateStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports();
  }
}
