package dev.lessor.jdbc;

import dev.lessor.store.Storage;
import dev.lessor.testing.StorageContract;
import org.junit.jupiter.api.AfterEach;

class PostgresStorageIT extends StorageContract {
  private JdbcStores stores;

  @Override
  protected Storage createStorage() {
    stores = JdbcStores.postgres(PostgresTestDatabase.emptyDatabase(), TestKeys.key(1));
    return stores.storage();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
