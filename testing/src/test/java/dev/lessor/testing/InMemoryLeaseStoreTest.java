package dev.lessor.testing;

import dev.lessor.spi.InMemoryLeaseStore;
import dev.lessor.spi.LeaseStore;

class InMemoryLeaseStoreTest extends LeaseStoreContract {
  @Override
  protected LeaseStore createStore() {
    return new InMemoryLeaseStore();
  }
}
