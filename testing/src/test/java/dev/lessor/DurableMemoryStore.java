package dev.lessor;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.ForwardingLeaseStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-memory store that says it is durable, standing for a database shared by two Lessors of a
 * test (one that "crashed" or closed, one that starts): closing the first keeps its leases. It can
 * also throw once from {@link #claimDue}, as a store whose JVM ran out of memory.
 */
class DurableMemoryStore extends ForwardingLeaseStore {
  private final AtomicReference<Throwable> claimFault = new AtomicReference<>();

  DurableMemoryStore() {
    super(new InMemoryLeaseStore());
  }

  /** Makes the next {@link #claimDue} throw {@code fault} (an Error too), once. */
  void failNextClaim(Throwable fault) {
    claimFault.set(fault);
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Throwable fault = claimFault.getAndSet(null);
    if (fault instanceof Error error) {
      throw error;
    } else if (fault instanceof RuntimeException runtime) {
      throw runtime;
    }
    return super.claimDue(now, claimUntil, limit);
  }

  /** Closing keeps the leases, as closing a connection to a database does. */
  @Override
  public void close() {}
}
