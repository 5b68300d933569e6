package dev.lessor.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stripe of {@link InMemoryLeaseStore}: the entries whose ids hash to it ({@link IdTable}) and
 * their due-time index ({@link DueQueue}), under one lock. Every write changes both inside the
 * lock, so an entry and its place in the index always agree, and a write costs one lock,
 * uncontended while the threads issuing leases are fewer than the stripes.
 *
 * <p>An entry polled off the index for a claim stays in the table until it is claimed; a writer
 * that replaces or removes it meanwhile leaves the claim nothing to take, since the claim checks
 * that the table still holds that very entry. Thread-safe.
 */
final class LeaseStripe {
  private final IdTable table = new IdTable();
  private final DueQueue due = new DueQueue();

  /** Adds {@code entry}; false, changing nothing, if its id is taken. */
  synchronized boolean insert(StoredLease entry) {
    if (table.get(entry.id) != null) {
      return false;
    }
    table.put(entry);
    due.add(entry);
    return true;
  }

  synchronized StoredLease get(String id) {
    return table.get(id);
  }

  /** Puts {@code next} in place of the entry of its id if that reads as {@code version}. */
  synchronized boolean replace(long version, StoredLease next) {
    StoredLease current = table.get(next.id);
    if (current == null || current.version() != version) {
      return false;
    }
    table.put(next);
    due.remove(current);
    due.add(next);
    return true;
  }

  /**
   * Makes the PENDING entry of {@code id} read as ACTIVE in place (see {@link
   * StoredLease#activateInPlace}); false if it cannot, changing nothing.
   */
  synchronized boolean activateInPlace(String id, long version) {
    StoredLease current = table.get(id);
    return current != null && current.activateInPlace(version);
  }

  /** Removes the entry of {@code id}; returns it, or null. */
  synchronized StoredLease remove(String id) {
    StoredLease removed = table.remove(id);
    if (removed != null) {
      due.remove(removed);
    }
    return removed;
  }

  /** Takes off the index up to {@code limit} entries due by {@code now}, earliest first. */
  synchronized List<StoredLease> pollDue(Instant now, int limit) {
    return due.pollDue(now, limit);
  }

  /** Puts a polled entry back in the index, unless it was replaced or removed meanwhile. */
  synchronized void unpoll(StoredLease entry) {
    if (table.get(entry.id) == entry) {
      due.add(entry);
    }
  }

  /**
   * Claims a polled entry: writes it due at {@code claimUntil}, one version later, and returns it
   * as written; null if it was written meanwhile, or if it is not due after all (activated in
   * place, it now waits in the index for its expiry, and {@code moved[0]} is set).
   */
  synchronized LeaseRecord claim(
      StoredLease candidate, Instant now, Instant claimUntil, Origins origins, boolean[] moved) {
    if (table.get(candidate.id) != candidate) {
      return null; // written meanwhile: its writer indexed the new version
    }
    StoredLease settled = candidate.settled();
    if (!settled.dueBy(now)) {
      table.put(settled);
      due.add(settled);
      moved[0] = true;
      return null;
    }
    LeaseRecord record = settled.record();
    LeaseRecord taken = record.withDueTime(claimUntil).withVersion(record.version() + 1);
    StoredLease next = new StoredLease(taken, origins.of(taken));
    table.put(next);
    due.add(next);
    return taken;
  }

  /** See {@link DueQueue#dueBound}. */
  synchronized Instant dueBound() {
    return due.dueBound();
  }

  synchronized int size() {
    return table.size();
  }

  /**
   * The entries as they are now, for a walk outside the lock: entries are immutable but for an
   * activation in place, which a reader sees either way.
   */
  synchronized List<StoredLease> entries() {
    List<StoredLease> out = new ArrayList<>(table.size());
    table.forEach(out::add);
    return out;
  }
}
