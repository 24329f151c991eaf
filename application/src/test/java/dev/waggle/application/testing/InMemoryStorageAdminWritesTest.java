package dev.waggle.application.testing;

import dev.waggle.application.contract.AdminWritesContract;
import dev.waggle.application.contract.StoragePorts;

/** The in-memory fake keeps the admin writes' contract, so application tests can trust it. */
class InMemoryStorageAdminWritesTest extends AdminWritesContract {
  @Override
  protected StoragePorts openStorage() {
    return InMemoryStoragePorts.ports();
  }
}
