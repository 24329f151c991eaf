package dev.waggle.application.contract;

import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.SyncStateStore;

/**
 * Test fixture: the storage out-ports of one empty store, as an implementation under contract
 * provides them; they share their data, as the ports of one database do.
 */
public interface StoragePorts extends AutoCloseable {
  RegistryStore registries();

  EntryStore entries();

  ServedCatalogStore served();

  SyncStateStore syncStates();

  CatalogChanges changes();

  @Override
  void close();
}
