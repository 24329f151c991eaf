package dev.waggle.adapters.postgres;

import dev.waggle.application.contract.AdminWritesContract;
import dev.waggle.application.contract.StoragePorts;

/** The PostgreSQL adapter keeps the admin writes' contract, on a real database. */
class PostgresStorageAdminWritesTest extends AdminWritesContract {
  @Override
  protected StoragePorts openStorage() {
    return PostgresStoragePorts.migrated();
  }
}
