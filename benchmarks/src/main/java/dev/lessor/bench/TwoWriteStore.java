package dev.lessor.bench;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A durable store seen as one that does not batch activations, so that a Lessor on it waits for the
 * ACTIVE write of every issue as it did before deferred activation: the journal figure's baseline,
 * measured in the same run. Thread-safe as the store it wraps.
 */
final class TwoWriteStore implements LeaseStore {
  private final LeaseStore store;

  TwoWriteStore(LeaseStore store) {
    this.store = store;
  }

  @Override
  public boolean durable() {
    return store.durable();
  }

  @Override
  public String storeId() {
    return store.storeId();
  }

  @Override
  public void insert(LeaseRecord record) {
    store.insert(record);
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    return store.update(record);
  }

  @Override
  public Optional<LeaseRecord> activate(LeaseRecord pending) {
    return store.activate(pending);
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    return store.get(id);
  }

  @Override
  public boolean delete(String id) {
    return store.delete(id);
  }

  @Override
  public List<String> list(String prefix) {
    return store.list(prefix);
  }

  @Override
  public void scan(String prefix, Consumer<? super LeaseRecord> action) {
    store.scan(prefix, action);
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    return store.claimDue(now, claimUntil, limit);
  }

  @Override
  public Optional<Instant> nextDueTime() {
    return store.nextDueTime();
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    return store.findByState(state, limit);
  }

  @Override
  public long count() {
    return store.count();
  }

  @Override
  public List<LeaseStats.Group> groups() {
    return store.groups();
  }

  @Override
  public void close() {
    store.close();
  }
}
