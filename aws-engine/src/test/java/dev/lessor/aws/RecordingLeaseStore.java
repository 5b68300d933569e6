package dev.lessor.aws;

import dev.lessor.LeaseState;
import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory lease store that remembers every lease ever inserted, so that a test can still see
 * the terms of a lease whose record is gone (a mint that failed, a lease revoked): the fault matrix
 * checks every STS session against the expiry of the lease it was minted for. Thread-safe.
 */
final class RecordingLeaseStore implements LeaseStore {
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final Map<String, LeaseRecord> inserted = new ConcurrentHashMap<>();

  /** Every lease inserted so far, as first inserted, by id. */
  Map<String, LeaseRecord> inserted() {
    return Map.copyOf(inserted);
  }

  /** Every record still stored. */
  List<LeaseRecord> remaining() {
    return store.list("").stream().flatMap(id -> store.get(id).stream()).toList();
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
    inserted.putIfAbsent(record.id(), record);
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    return store.update(record);
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
}
