package dev.lessor.jdbc;

import dev.lessor.store.Storage;
import dev.lessor.testing.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2StorageTest extends StorageContract {
  @TempDir Path dir;
  private JdbcStores stores;

  @Override
  protected Storage createStorage() {
    stores = JdbcStores.h2(dir, TestKeys.key(1));
    return stores.storage();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
