package dev.waggle.application.testing;

import dev.waggle.application.contract.ServedCatalogStoreContract;
import dev.waggle.application.contract.StoragePorts;
import java.time.Clock;
import java.time.Duration;

/** {@link InMemoryStorage} keeps the {@code ServedCatalogStore} contract. */
class InMemoryStorageAsServedCatalogStoreTest extends ServedCatalogStoreContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports(new InMemoryStorage());
  }

  @Override
  protected StoragePorts openStorageKeepingNoTombstones() {
    return InMemoryStoragePorts.ports(new InMemoryStorage(Clock.systemUTC(), Duration.ZERO));
  }
}
