package dev.lessor.jdbc;

import dev.lessor.store.LeaseStore;
import dev.lessor.testing.LeaseStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteLeaseStoreTest extends LeaseStoreContract {
  @TempDir Path dir;
  private JdbcStores stores;

  @Override
  protected LeaseStore createStore() {
    stores = JdbcStores.sqlite(dir, TestKeys.key(1));
    return stores.leaseStore();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
