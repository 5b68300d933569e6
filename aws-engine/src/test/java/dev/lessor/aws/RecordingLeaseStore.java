package dev.lessor.aws;

import dev.lessor.store.InMemoryLeaseStore;
import dev.lessor.store.LeaseRecord;
import dev.lessor.testing.ForwardingLeaseStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory lease store that remembers every lease ever inserted, so that a test can still see
 * the terms of a lease whose record is gone (a mint that failed, a lease revoked): the fault matrix
 * checks every STS session against the expiry of the lease it was minted for. Thread-safe.
 */
final class RecordingLeaseStore extends ForwardingLeaseStore {
  private final Map<String, LeaseRecord> inserted = new ConcurrentHashMap<>();

  RecordingLeaseStore() {
    super(new InMemoryLeaseStore());
  }

  /** Every lease inserted so far, as first inserted, by id. */
  Map<String, LeaseRecord> inserted() {
    return Map.copyOf(inserted);
  }

  /** Every record still stored. */
  List<LeaseRecord> remaining() {
    return list("").stream().flatMap(id -> get(id).stream()).toList();
  }

  @Override
  public void insert(LeaseRecord record) {
    super.insert(record);
    inserted.putIfAbsent(record.id(), record);
  }
}
