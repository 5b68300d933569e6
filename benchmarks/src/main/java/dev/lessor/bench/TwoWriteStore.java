package dev.lessor.bench;

import dev.lessor.store.LeaseStore;
import dev.lessor.testing.ForwardingLeaseStore;

/**
 * A durable store seen as one that does not batch activations, so that a Lessor on it waits for the
 * ACTIVE write of every issue as it did before deferred activation: the journal figure's baseline,
 * measured in the same run. Thread-safe as the store it wraps.
 */
final class TwoWriteStore extends ForwardingLeaseStore {

  TwoWriteStore(LeaseStore store) {
    super(store);
  }

  @Override
  public boolean batchesActivation() {
    return false;
  }
}
