package dev.lessor.testing;

import dev.lessor.spi.InMemoryStorage;
import dev.lessor.spi.Storage;

class InMemoryStorageTest extends StorageContract {
  @Override
  protected Storage createStorage() {
    return new InMemoryStorage();
  }
}
