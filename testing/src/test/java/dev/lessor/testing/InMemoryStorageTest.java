package dev.lessor.testing;

import dev.lessor.store.InMemoryStorage;
import dev.lessor.store.Storage;

class InMemoryStorageTest extends StorageContract {
  @Override
  protected Storage createStorage() {
    return new InMemoryStorage();
  }
}
