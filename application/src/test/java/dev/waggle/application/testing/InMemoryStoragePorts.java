package dev.waggle.application.testing;

import dev.waggle.application.contract.StoragePorts;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.SyncStateStore;

/** Test fixture: {@link InMemoryStorage} as the storage ports a contract asks for. */
final class InMemoryStoragePorts {
  private InMemoryStoragePorts() {}

  static StoragePorts ports() {
    return ports(new InMemoryStorage());
  }

  static StoragePorts ports(InMemoryStorage storage) {
    return new StoragePorts() {
      @Override
      public RegistryStore registries() {
        return storage;
      }

      @Override
      public EntryStore entries() {
        return storage;
      }

      @Override
      public ServedCatalogStore served() {
        return storage;
      }

      @Override
      public SyncStateStore syncStates() {
        return storage;
      }

      @Override
      public CatalogChanges changes() {
        return storage;
      }

      @Override
      public void close() {}
    };
  }
}
