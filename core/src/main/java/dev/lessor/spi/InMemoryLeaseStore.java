package dev.lessor.spi;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LeaseStore} in memory: fast, and gone when the process ends (so a crash leaks every live
 * credential; use a durable store in production). Thread-safe.
 *
 * <p>Records live in a hash map whose per-key {@code compute} is the unit of atomicity, and {@code
 * DueQueue} indexes them by due time: buckets of nearby due times with O(1) adds and removes, and a
 * heap for the leases whose turn is near. That is about 80 bytes per lease on top of the record.
 * Every write changes the index inside the record's {@code compute} (a delete right after its
 * removal), so a record and its index entry never disagree for longer than one call. A claim takes
 * due entries off the index first, then claims each inside its record's {@code compute}, skipping
 * one that a writer changed meanwhile (the writer queued the new version).
 *
 * <p>{@link #list} and {@link #findByState} scan every record and sort what matches: they serve
 * administration (revoking a prefix, listing irrevocable leases), not the issue or expiry path.
 */
public final class InMemoryLeaseStore implements LeaseStore {
  private static final Comparator<LeaseRecord> BY_DUE =
      Comparator.comparing(LeaseRecord::dueTime).thenComparing(LeaseRecord::id);

  private final ConcurrentHashMap<String, DueQueue.Entry> records = new ConcurrentHashMap<>();
  private final DueQueue due = new DueQueue();
  private final String storeId = "memory-" + java.util.UUID.randomUUID();

  /** False: the records are gone when the process ends. */
  @Override
  public boolean durable() {
    return false;
  }

  /** A random id of this instance's own, since its records die with it. */
  @Override
  public String storeId() {
    return storeId;
  }

  @Override
  public void insert(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    records.compute(
        record.id(),
        (id, old) -> {
          if (old != null) {
            throw new IllegalStateException("lease " + id + " exists already");
          }
          DueQueue.Entry entry = new DueQueue.Entry(record);
          due.add(entry);
          return entry;
        });
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    LeaseRecord next = record.withVersion(record.version() + 1);
    DueQueue.Entry stored =
        records.computeIfPresent(
            record.id(),
            (id, old) -> old.record.version() == record.version() ? requeue(old, next) : old);
    return stored != null && stored.record == next ? Optional.of(next) : Optional.empty();
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    DueQueue.Entry entry = records.get(Objects.requireNonNull(id, "id"));
    return entry == null ? Optional.empty() : Optional.of(entry.record);
  }

  @Override
  public boolean delete(String id) {
    DueQueue.Entry old = records.remove(Objects.requireNonNull(id, "id"));
    if (old == null) {
      return false;
    }
    // Unindexed after the removal, outside the record's lock: meanwhile a claim that polls the
    // stale entry finds the record gone (or a new one with this id) and skips it, and nextDueTime
    // may answer early, which only wakes the revocation loop for nothing.
    due.remove(old);
    return true;
  }

  @Override
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<String> out = new ArrayList<>();
    for (String id : records.keySet()) {
      if (id.startsWith(prefix)) {
        out.add(id);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    List<LeaseRecord> claimed = new ArrayList<>();
    for (DueQueue.Entry candidate : due.pollDue(now, limit)) {
      LeaseRecord[] taken = {null};
      records.computeIfPresent(
          candidate.record.id(),
          (id, current) -> {
            if (current != candidate) {
              return current; // written meanwhile: its writer queued the new version
            }
            taken[0] =
                candidate
                    .record
                    .withDueTime(claimUntil)
                    .withVersion(candidate.record.version() + 1);
            DueQueue.Entry next = new DueQueue.Entry(taken[0]);
            due.add(next);
            return next;
          });
      if (taken[0] != null) {
        claimed.add(taken[0]);
      }
    }
    return claimed;
  }

  @Override
  public Optional<Instant> nextDueTime() {
    DueQueue.Entry first = due.peek();
    return first == null ? Optional.empty() : Optional.of(first.record.dueTime());
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    Objects.requireNonNull(state, "state");
    return records.values().stream()
        .map(entry -> entry.record)
        .filter(r -> r.state() == state)
        .sorted(BY_DUE)
        .limit(limit)
        .toList();
  }

  @Override
  public long count() {
    return records.mappingCount();
  }

  /** One pass over the records, without sorting. */
  @Override
  public List<LeaseStats.Group> groups() {
    LeaseTally tally = new LeaseTally();
    for (DueQueue.Entry entry : records.values()) {
      tally.add(entry.record);
    }
    return tally.groups();
  }

  private DueQueue.Entry requeue(DueQueue.Entry old, LeaseRecord next) {
    DueQueue.Entry entry = new DueQueue.Entry(next);
    due.replace(old, entry);
    return entry;
  }
}
