package dev.lessor.store;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link LeaseStore} in memory: fast, and gone when the process ends (so a crash leaks every live
 * credential; use a durable store in production). Thread-safe.
 *
 * <p>Records live in a hash map whose per-key {@code compute} is the unit of atomicity, each as one
 * {@link StoredLease}: the record's fields with primitive instants, folded into its entry of the
 * due-time index. The index ({@link DueQueue}: buckets of nearby due times with O(1) adds and
 * removes, and a heap for the leases whose turn is near) is split into {@value #STRIPES} stripes by
 * id, each with its own lock, so that threads issuing leases do not queue on one lock. Every write
 * changes the index inside the record's {@code compute} (an insert and a delete right after their
 * map write), so a record and its index entry never disagree for longer than one call. A claim
 * takes due entries off the stripes first, then claims each inside its record's {@code compute},
 * skipping one that a writer changed meanwhile (the writer queued the new version).
 *
 * <p>{@link #activate} flips a pending record to active in place, without a lock: the lease is
 * written once on its way in. Such an entry stays indexed at its pending timeout until the
 * revocation loop looks at it then and moves it to its expiry (an activation that would make the
 * lease due earlier is written as an ordinary update).
 *
 * <p>{@link #list} scans every record and sorts what matches, and {@link #findByState} sorts what
 * it finds: they serve administration, not the issue or expiry path; {@link #scan} walks the
 * records once without sorting.
 */
public final class InMemoryLeaseStore implements LeaseStore {
  private static final int STRIPES = 64;
  private static final Comparator<LeaseRecord> BY_DUE =
      Comparator.comparing(LeaseRecord::dueTime).thenComparing(LeaseRecord::id);
  private static final Comparator<StoredLease> ENTRY_BY_DUE =
      Comparator.comparingLong((StoredLease e) -> e.dueSeconds)
          .thenComparingInt(e -> e.dueNanos)
          .thenComparing(e -> e.id);

  private final ConcurrentHashMap<String, StoredLease> records = new ConcurrentHashMap<>();
  private final DueQueue[] due = new DueQueue[STRIPES];
  private final Origins origins = new Origins();
  private final String storeId = "memory-" + java.util.UUID.randomUUID();
  private final InMemoryTasks tasks = new InMemoryTasks();

  public InMemoryLeaseStore() {
    for (int i = 0; i < STRIPES; i++) {
      due[i] = new DueQueue();
    }
  }

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

  /**
   * Puts the entry in the map with one compare-and-set into its (usually empty) bin, not a locked
   * {@code compute}: on the issue path this was a third of the time. It is indexed right after: a
   * writer that replaces or deletes it in between leaves a stale index entry, which a claim skips.
   */
  @Override
  public void insert(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    StoredLease entry = new StoredLease(record, origins.of(record));
    if (records.putIfAbsent(record.id(), entry) != null) {
      throw new IllegalStateException("lease " + record.id() + " exists already");
    }
    stripe(entry).add(entry);
  }

  @Override
  public Optional<LeaseRecord> update(LeaseRecord record) {
    Objects.requireNonNull(record, "record");
    LeaseRecord written = record.withVersion(record.version() + 1);
    StoredLease next = new StoredLease(written, origins.of(written));
    StoredLease stored =
        records.computeIfPresent(
            record.id(),
            (id, old) -> old.seal().version() == record.version() ? requeue(old, next) : old);
    return stored == next ? Optional.of(written) : Optional.empty();
  }

  /**
   * Flips the pending record to active in place when it is unchanged and its expiry is not before
   * its pending due time; otherwise an ordinary {@link #update}.
   */
  @Override
  public Optional<LeaseRecord> activate(LeaseRecord pending) {
    Objects.requireNonNull(pending, "pending");
    StoredLease entry = records.get(pending.id());
    if (entry == null) {
      return Optional.empty();
    }
    if (pending.state() == LeaseState.PENDING && entry.activateInPlace(pending.version())) {
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
    StoredLease entry = records.get(Objects.requireNonNull(id, "id"));
    return entry == null ? Optional.empty() : Optional.of(entry.record());
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    StoredLease[] removed = {null};
    records.computeIfPresent(
        id,
        (key, old) -> {
          removed[0] = old.seal();
          return null;
        });
    if (removed[0] == null) {
      return false;
    }
    // Unindexed after the removal, outside the record's lock: meanwhile a claim that polls the
    // stale entry finds the record gone (or a new one with this id) and skips it, and nextDueTime
    // may answer early, which only wakes the revocation loop for nothing.
    stripe(removed[0]).remove(removed[0]);
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

  /** Walks the map once; a record written during the walk may be seen either way. */
  @Override
  public void scan(String prefix, Consumer<? super LeaseRecord> action) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(action, "action");
    for (StoredLease entry : records.values()) {
      if (entry.id.startsWith(prefix)) {
        action.accept(entry.record());
      }
    }
  }

  @Override
  public List<LeaseRecord> claimDue(Instant now, Instant claimUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(claimUntil, "claimUntil");
    List<LeaseRecord> claimed = new ArrayList<>();
    boolean[] moved = {false};
    boolean again = true;
    while (again && claimed.size() < limit) {
      List<StoredLease> candidates = pollDue(now, limit - claimed.size());
      // entries activated in place go back at their expiry: poll again for the ones they hid,
      // unless a claim deadline already past would hand out the same records twice
      again = false;
      for (StoredLease candidate : candidates) {
        moved[0] = false;
        LeaseRecord taken = claim(candidate, now, claimUntil, moved);
        if (taken != null) {
          claimed.add(taken);
        } else if (moved[0]) {
          again = claimUntil.isAfter(now);
        }
      }
    }
    return claimed;
  }

  /**
   * Claims one polled entry; null if it was written meanwhile, or if it is not due after all (then
   * {@code moved[0]} is set: it was activated in place and now waits for its expiry).
   */
  private LeaseRecord claim(
      StoredLease candidate, Instant now, Instant claimUntil, boolean[] moved) {
    LeaseRecord[] taken = {null};
    records.computeIfPresent(
        candidate.id,
        (id, current) -> {
          if (current != candidate) {
            return current; // written meanwhile: its writer queued the new version
          }
          StoredLease settled = current.seal().settled();
          if (!settled.dueBy(now)) { // activated in place: not due before its expiry
            stripe(settled).add(settled);
            moved[0] = true;
            return settled;
          }
          LeaseRecord record = settled.record();
          taken[0] = record.withDueTime(claimUntil).withVersion(record.version() + 1);
          StoredLease next = new StoredLease(taken[0], origins.of(taken[0]));
          stripe(next).add(next);
          return next;
        });
    return taken[0];
  }

  /** Up to {@code limit} entries due by {@code now}, earliest first, off the stripes. */
  private List<StoredLease> pollDue(Instant now, int limit) {
    List<StoredLease> due = new ArrayList<>();
    for (DueQueue stripe : this.due) {
      due.addAll(stripe.pollDue(now, limit));
    }
    if (due.size() <= limit) {
      due.sort(ENTRY_BY_DUE);
      return due;
    }
    due.sort(ENTRY_BY_DUE);
    List<StoredLease> later = due.subList(limit, due.size());
    for (StoredLease entry : later) {
      // back in its stripe; a writer that replaced or removed it meanwhile left it stale, which a
      // claim skips
      stripe(entry).add(entry);
    }
    return new ArrayList<>(due.subList(0, limit));
  }

  /**
   * The earliest indexed due time, or a time before it: the start of a large bucket of the index
   * not due yet (at most that bucket's width early; the claim at that time splits it or orders it,
   * see {@link DueQueue#dueBound}), and early for a record activated in place (its pending timeout)
   * or deleted a moment ago, which only wakes the revocation loop for nothing.
   */
  @Override
  public Optional<Instant> nextDueTime() {
    Instant first = null;
    for (DueQueue stripe : due) {
      Instant bound = stripe.dueBound();
      if (bound != null && (first == null || bound.isBefore(first))) {
        first = bound;
      }
    }
    return Optional.ofNullable(first);
  }

  @Override
  public List<LeaseRecord> findByState(LeaseState state, int limit) {
    Objects.requireNonNull(state, "state");
    return records.values().stream()
        .filter(entry -> entry.state() == state)
        .map(StoredLease::record)
        .sorted(BY_DUE)
        .limit(limit)
        .toList();
  }

  @Override
  public long count() {
    return records.mappingCount();
  }

  /**
   * One pass over the entries, without sorting and without building their records; a record written
   * during the walk may be counted either way.
   */
  @Override
  public List<LeaseStats.Group> groups() {
    LeaseTally tally = new LeaseTally();
    for (StoredLease entry : records.values()) {
      entry.tallyInto(tally);
    }
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

  private StoredLease requeue(StoredLease old, StoredLease next) {
    stripe(old).replace(old, next);
    return next;
  }

  private DueQueue stripe(StoredLease entry) {
    int h = entry.id.hashCode();
    return due[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }
}
