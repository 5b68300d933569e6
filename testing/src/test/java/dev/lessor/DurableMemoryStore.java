package dev.lessor;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory store that says it is durable, standing for a database shared by two Lessors of a
 * test (one that "crashed" or closed, one that starts): closing the first keeps its leases. It can
 * also throw once from {@link #claimDue}, as a store whose JVM ran out of memory.
 */
class DurableMemoryStore implements LeaseStore {
  private final InMemoryLeaseStore records = new InMemoryLeaseStore();
  private final java.util.concurrent.atomic.AtomicReference<Throwable> claimFault =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Makes the next {@link #claimDue} throw {@code fault} (an Error too), once. */
  void failNextClaim(Throwable fault) {
    claimFault.set(fault);
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String storeId() {
    return records.storeId();
  }

  @Override
  public void insert(LeaseRecord record) {
    records.insert(record);
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    return records.update(record);
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    return records.get(id);
  }

  @Override
  public boolean delete(String id) {
    return records.delete(id);
  }

  @Override
  public List<String> list(String prefix) {
    return records.list(prefix);
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Throwable fault = claimFault.getAndSet(null);
    if (fault instanceof Error error) {
      throw error;
    } else if (fault instanceof RuntimeException runtime) {
      throw runtime;
    }
    return records.claimDue(now, claimUntil, limit);
  }

  @Override
  public Optional<Instant> nextDueTime() {
    return records.nextDueTime();
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    return records.findByState(state, limit);
  }

  @Override
  public long count() {
    return records.count();
  }
}
