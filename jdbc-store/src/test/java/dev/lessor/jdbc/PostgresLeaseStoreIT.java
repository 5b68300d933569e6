package dev.lessor.jdbc;

import dev.lessor.store.LeaseStore;
import dev.lessor.testing.LeaseStoreContract;
import org.junit.jupiter.api.AfterEach;

class PostgresLeaseStoreIT extends LeaseStoreContract {
  private JdbcStores stores;

  @Override
  protected LeaseStore createStore() {
    stores = JdbcStores.postgres(PostgresTestDatabase.emptyDatabase(), TestKeys.key(1));
    return stores.leaseStore();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
