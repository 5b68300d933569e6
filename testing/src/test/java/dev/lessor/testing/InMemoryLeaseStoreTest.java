package dev.lessor.testing;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseStore;

class InMemoryLeaseStoreTest extends LeaseStoreContract {
  @Override
  protected LeaseStore createStore() {
    return new InMemoryLeaseStore();
  }
}
