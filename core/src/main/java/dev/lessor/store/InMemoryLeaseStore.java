package dev.lessor.store;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link LeaseStore} in memory: fast, and gone when the process ends (so a crash leaks every live
 * credential; use a durable store in production). Thread-safe.
 *
 * <p>The records are split by id into 64 {@link LeaseStripe stripes}, each a hash table of its
 * entries and their due-time index under one lock, so that threads issuing leases do not queue on
 * one lock and a record and its index entry never disagree. Each record is one {@link StoredLease}:
 * the record's fields with primitive instants, folded into its entry of the index. A claim takes
 * due entries off the stripes first, earliest first across them, then claims each under its
 * stripe's lock, skipping one that a writer changed meanwhile (the writer indexed the new version).
 *
 * <p>{@link #activate} flips a pending record to active in place: the lease is written once on its
 * way in. Such an entry stays indexed at its pending timeout until the revocation loop looks at it
 * then and moves it to its expiry (an activation that would make the lease due earlier is written
 * as an ordinary update).
 *
 * <p>{@link #list} walks every record and sorts what matches, and {@link #findByState} sorts what
 * it finds: they serve administration, not the issue or expiry path; {@link #scan} walks the
 * records once without sorting.
 */
public final class InMemoryLeaseStore implements LeaseStore {
  private static final Comparator<LeaseRecord> BY_DUE =
      Comparator.comparing(LeaseRecord::dueTime).thenComparing(LeaseRecord::id);

  private final LeaseStripes stripes = new LeaseStripes();
  private final Origins origins = new Origins();
  private final String storeId = "memory-" + java.util.UUID.randomUUID();
  private final InMemoryTasks tasks = new InMemoryTasks();

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
    if (!stripes.of(record.id()).insert(new StoredLease(record, origins.of(record)))) {
      throw new IllegalStateException("lease " + record.id() + " exists already");
    }
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    LeaseRecord written = record.withVersion(record.version() + 1);
    boolean replaced =
        stripes
            .of(record.id())
            .replace(record.version(), new StoredLease(written, origins.of(written)));
    return replaced ? Optional.of(written) : Optional.empty();
  }

  /**
   * Flips the pending record to active in place when it is unchanged and its expiry is not before
   * its pending due time; otherwise an ordinary {@link #update}.
   */
  @Override
  public Optional<LeaseRecord> activate(LeaseRecord pending) {
    Objects.requireNonNull(pending, "pending");
    if (pending.state() == LeaseState.PENDING
        && stripes.of(pending.id()).activateInPlace(pending.id(), pending.version())) {
      // what the entry now reads as, built from the caller's record: one object, no instants
      return Optional.of(
          new LeaseRecord(
              pending.id(),
              pending.mount(),
              pending.engine(),
              pending.path(),
              LeaseState.ACTIVE,
              pending.issueTime(),
              pending.expireTime(),
              pending.maxExpireTime(),
              pending.renewable(),
              pending.internal(),
              pending.expireTime(),
              pending.attempts(),
              pending.lastError(),
              pending.version() + 1));
    }
    return LeaseStore.super.activate(pending);
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    StoredLease entry = stripes.of(Objects.requireNonNull(id, "id")).get(id);
    return entry == null ? Optional.empty() : Optional.of(entry.record());
  }

  @Override
  public boolean delete(String id) {
    return stripes.of(Objects.requireNonNull(id, "id")).remove(id) != null;
  }

  @Override
  public List<String> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<String> out = new ArrayList<>();
    stripes.forEach(
        entry -> {
          if (entry.id.startsWith(prefix)) {
            out.add(entry.id);
          }
        });
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Walks the stripes once; a record written during the walk may be seen either way. */
  @Override
  public void scan(String prefix, Consumer<? super LeaseRecord> action) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(action, "action");
    stripes.forEach(
        entry -> {
          if (entry.id.startsWith(prefix)) {
            action.accept(entry.record());
          }
        });
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    List<LeaseRecord> claimed = new ArrayList<>();
    boolean[] moved = {false};
    boolean again = true;
    while (again && claimed.size() < limit) {
      List<StoredLease> candidates = stripes.pollDue(now, limit - claimed.size());
      // entries activated in place go back at their expiry: poll again for the ones they hid,
      // unless a claim deadline already past would hand out the same records twice
      again = false;
      int next = 0;
      try {
        for (; next < candidates.size(); next++) {
          StoredLease candidate = candidates.get(next);
          moved[0] = false;
          LeaseRecord taken =
              stripes.of(candidate.id).claim(candidate, now, claimUntil, origins, moved);
          if (taken != null) {
            claimed.add(taken);
          } else if (moved[0]) {
            again = claimUntil.isAfter(now);
          }
        }
      } finally {
        // a claim that threw (out of memory, say) must not leave its entry and the rest unindexed,
        // never due; one it did write is no longer the candidate, and stays as written
        for (int rest = next; rest < candidates.size(); rest++) {
          stripes.of(candidates.get(rest).id).unpoll(candidates.get(rest));
        }
      }
    }
    return claimed;
  }

  /**
   * The earliest indexed due time, or a time before it: the start of a large bucket of the index
   * not due yet (at most that bucket's width early; the claim at that time splits it or orders it,
   * see {@link DueQueue#dueBound}), and early for a record activated in place (its pending
   * timeout), which only wakes the revocation loop for nothing.
   */
  @Override
  public Optional<Instant> nextDueTime() {
    return Optional.ofNullable(stripes.dueBound());
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    Objects.requireNonNull(state, "state");
    List<LeaseRecord> found = new ArrayList<>();
    stripes.forEach(
        entry -> {
          if (entry.state() == state) {
            found.add(entry.record());
          }
        });
    found.sort(BY_DUE);
    return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
  }

  @Override
  public long count() {
    return stripes.count();
  }

  /**
   * One pass over the entries, without sorting and without building their records; a record written
   * during the walk may be counted either way.
   */
  @Override
  public List<LeaseStats.Group> groups() {
    LeaseTally tally = new LeaseTally();
    stripes.forEach(entry -> entry.tallyInto(tally));
    return tally.groups();
  }

  /** True: tasks live beside the records, in a map of their own, and die with them. */
  @Override
  public boolean keepsTasks() {
    return true;
  }

  @Override
  public ScheduledTask putTask(ScheduledTask task) {
    return tasks.put(task);
  }

  @Override
  public Optional<ScheduledTask> updateTask(ScheduledTask task) {
    return tasks.update(task);
  }

  @Override
  public Optional<ScheduledTask> getTask(String id) {
    return tasks.get(id);
  }

  @Override
  public boolean deleteTask(String id) {
    return tasks.delete(id);
  }

  @Override
  public int deleteTasks(String prefix) {
    return tasks.deletePrefix(prefix);
  }

  @Override
  public List<ScheduledTask> claimDueTasks(Instant now, Instant claimUntil, int limit) {
    return tasks.claimDue(now, claimUntil, limit);
  }

  @Override
  public Optional<Instant> nextTaskDueTime() {
    return tasks.nextDueTime();
  }
}
