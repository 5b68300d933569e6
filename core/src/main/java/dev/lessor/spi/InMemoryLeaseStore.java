package dev.lessor.spi;

import dev.lessor.LeaseState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@link LeaseStore} in memory: fast, and gone when the process ends (so a crash leaks every live
 * credential; use a durable store in production). Thread-safe.
 *
 * <p>Records live in a hash map whose per-key {@code compute} is the unit of atomicity; two
 * skip-list sets index them by id (for prefix listing) and by due time (for claiming). Each index
 * is changed inside the record's {@code compute}, so a record and its index entries never disagree
 * for longer than one call.
 */
public final class InMemoryLeaseStore implements LeaseStore {
  private static final Comparator<LeaseRecord> BY_DUE =
      Comparator.comparing(LeaseRecord::dueTime).thenComparing(LeaseRecord::id);

  private final ConcurrentHashMap<String, LeaseRecord> records = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
  private final ConcurrentSkipListSet<LeaseRecord> byDue = new ConcurrentSkipListSet<>(BY_DUE);

  @Override
  public void insert(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    records.compute(
        record.id(),
        (id, old) -> {
          if (old != null) {
            throw new IllegalStateException("lease " + id + " exists already");
          }
          ids.add(id);
          byDue.add(record);
          return record;
        });
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    LeaseRecord next = record.withVersion(record.version() + 1);
    boolean[] done = {false};
    records.computeIfPresent(
        record.id(),
        (id, old) -> {
          if (old.version() != record.version()) {
            return old;
          }
          reindex(old, next);
          done[0] = true;
          return next;
        });
    return done[0] ? Optional.of(next) : Optional.empty();
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    return Optional.ofNullable(records.get(Objects.requireNonNull(id, "id")));
  }

  @Override
  public boolean delete(String id) {
    boolean[] done = {false};
    records.computeIfPresent(
        Objects.requireNonNull(id, "id"),
        (key, old) -> {
          ids.remove(key);
          byDue.remove(old);
          done[0] = true;
          return null;
        });
    return done[0];
  }

  @Override
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<String> out = new ArrayList<>();
    for (String id : ids.tailSet(prefix, true)) {
      if (!id.startsWith(prefix)) {
        break;
      }
      out.add(id);
    }
    return out;
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    List<LeaseRecord> claimed = new ArrayList<>();
    for (LeaseRecord candidate : byDue) {
      if (claimed.size() >= limit || candidate.dueTime().isAfter(now)) {
        break;
      }
      LeaseRecord[] taken = {null};
      records.computeIfPresent(
          candidate.id(),
          (id, old) -> {
            if (old.dueTime().isAfter(now)) {
              return old;
            }
            LeaseRecord next = old.withDueTime(claimUntil).withVersion(old.version() + 1);
            reindex(old, next);
            taken[0] = next;
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
    LeaseRecord first = byDue.isEmpty() ? null : firstOrNull();
    return first == null ? Optional.empty() : Optional.of(first.dueTime());
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    return byDue.stream().filter(r -> r.state() == state).limit(limit).toList();
  }

  @Override
  public long count() {
    return records.size();
  }

  private LeaseRecord firstOrNull() {
    try {
      return byDue.first();
    } catch (java.util.NoSuchElementException e) {
      return null;
    }
  }

  private void reindex(LeaseRecord old, LeaseRecord next) {
    byDue.remove(old);
    byDue.add(next);
  }
}
