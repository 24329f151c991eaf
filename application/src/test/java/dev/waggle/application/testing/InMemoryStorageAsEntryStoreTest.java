package dev.waggle.application.testing;

import dev.waggle.application.contract.EntryStoreContract;
import dev.waggle.application.contract.StoragePorts;

/** {@link InMemoryStorage} keeps the {@code EntryStore} contract. */
class InMemoryStorageAsEntryStoreTest extends EntryStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports();
  }
}
