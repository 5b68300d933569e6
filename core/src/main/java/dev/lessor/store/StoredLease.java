package dev.lessor.store;

import dev.lessor.LeaseState;
import java.time.Instant;
import java.util.Map;

/**
 * A lease record as {@link InMemoryLeaseStore} keeps it, folded into its entry of the due-time
 * index ({@link DueQueue}): the record's fields with the instants as primitive seconds and nanos
 * (no {@link Instant} objects per lease), and the entry's place in the index. {@link #record()}
 * rebuilds the {@link LeaseRecord} on demand. This is one object of 96 bytes per lease where a
 * record, its instants and an index entry took about 250.
 *
 * <p>Immutable but for two things, both changed under the lock of the {@link LeaseStripe} that
 * holds the entry: its place in the index ({@code slot}, {@code bucket}), and the activation of a
 * PENDING lease {@link #activateInPlace in place}, which makes the entry read as ACTIVE, due at its
 * expiry, one version later, so that the write that ends an issue allocates nothing. The index
 * keeps an entry activated in place at its pending due time (earlier than its expiry), which only
 * makes the revocation loop look at it once more and move it; see {@link LeaseStripe#claim}.
 */
final class StoredLease {
  private static final LeaseState[] STATES = LeaseState.values();

  /** The outcome of failed revocations, kept apart: a lease that never failed has none. */
  private record Failure(int attempts, String lastError) {}

  final String id;
  private final Origins.Origin origin; // shared with the other leases of its path
  private final Map<String, String> internal;
  private final Failure failure; // null while no revocation failed: most leases
  private final long issueSeconds;
  private final long expireSeconds;
  private final long maxSeconds;

  /** The due time as written (the pending timeout for an entry activated in place): indexed. */
  final long dueSeconds;

  private final long version;
  private final int issueNanos;
  private final int expireNanos;
  private final int maxNanos;
  final int dueNanos;
  private final byte state; // the ordinal: a byte, not a reference, keeps the entry at 96 bytes
  private final boolean renewable;
  private volatile boolean activated; // read outside the lock by walks and gets

  /** The place in the index; guarded by the {@link DueQueue} that holds the entry. */
  int slot = -1;

  DueBuckets.Bucket bucket;

  StoredLease(LeaseRecord r) {
    this(r, new Origins.Origin(r.mount(), r.engine(), r.path()));
  }

  /** An entry for {@code r}, whose mount, engine and path are {@code origin}'s. */
  StoredLease(LeaseRecord r, Origins.Origin origin) {
    this.id = r.id();
    this.origin = origin;
    Instant due = r.dueTime();
    this.state = (byte) r.state().ordinal();
    this.internal = r.internal();
    this.failure =
        r.attempts() == 0 && r.lastError() == null
            ? null
            : new Failure(r.attempts(), r.lastError());
    this.issueSeconds = r.issueTime().getEpochSecond();
    this.issueNanos = r.issueTime().getNano();
    this.expireSeconds = r.expireTime().getEpochSecond();
    this.expireNanos = r.expireTime().getNano();
    this.maxSeconds = r.maxExpireTime().getEpochSecond();
    this.maxNanos = r.maxExpireTime().getNano();
    this.dueSeconds = due.getEpochSecond();
    this.dueNanos = due.getNano();
    this.renewable = r.renewable();
    this.version = r.version();
  }

  /** The record as it reads now. */
  LeaseRecord record() {
    boolean active = activated;
    Instant expire = Instant.ofEpochSecond(expireSeconds, expireNanos);
    return new LeaseRecord(
        id,
        origin.mount(),
        origin.engine(),
        origin.path(),
        active ? LeaseState.ACTIVE : STATES[state],
        Instant.ofEpochSecond(issueSeconds, issueNanos),
        expire,
        Instant.ofEpochSecond(maxSeconds, maxNanos),
        renewable,
        internal,
        active ? expire : Instant.ofEpochSecond(dueSeconds, dueNanos),
        failure == null ? 0 : failure.attempts(),
        failure == null ? null : failure.lastError(),
        active ? version + 1 : version);
  }

  /**
   * Counts this entry into {@code tally} as it reads now, without building its record: the stats
   * snapshot walks every entry, and a record with its instants was most of that walk's time and all
   * of its garbage.
   */
  void tallyInto(LeaseTally tally) {
    tally.add(origin.mount(), state(), expireSeconds, expireNanos);
  }

  /** The version as it reads now. */
  long version() {
    return activated ? version + 1 : version;
  }

  /** The state as it reads now. */
  LeaseState state() {
    return activated ? LeaseState.ACTIVE : STATES[state];
  }

  /** Seconds of the due time as it reads now (the expiry once activated in place). */
  long currentDueSeconds() {
    return activated ? expireSeconds : dueSeconds;
  }

  int currentDueNanos() {
    return activated ? expireNanos : dueNanos;
  }

  /**
   * Makes this PENDING entry read as ACTIVE, due at its expiry, one version later, if it still is
   * the {@code expectedVersion} and its expiry is not before its due time; called under the lock of
   * the stripe that holds it.
   */
  boolean activateInPlace(long expectedVersion) {
    if (activated
        || STATES[state] != LeaseState.PENDING
        || version != expectedVersion
        || isBefore(expireSeconds, expireNanos, dueSeconds, dueNanos)) {
      return false;
    }
    activated = true;
    return true;
  }

  /** A fresh entry reading as this one does now (indexed at its current due time). */
  StoredLease settled() {
    return activated ? new StoredLease(record(), origin) : this;
  }

  boolean dueBy(Instant now) {
    return !isBefore(now.getEpochSecond(), now.getNano(), dueSeconds, dueNanos);
  }

  /** Whether the current due time is at or before {@code now}. */
  boolean currentlyDueBy(Instant now) {
    return !isBefore(now.getEpochSecond(), now.getNano(), currentDueSeconds(), currentDueNanos());
  }

  Instant dueTime() {
    return Instant.ofEpochSecond(dueSeconds, dueNanos);
  }

  private static boolean isBefore(long s1, int n1, long s2, int n2) {
    return s1 < s2 || (s1 == s2 && n1 < n2);
  }
}
