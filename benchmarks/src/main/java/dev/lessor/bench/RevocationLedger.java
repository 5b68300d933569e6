package dev.lessor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges, from LocalIam alone, whether automatic revocation keeps working through the crash loop.
 * The parent shows it snapshots of IAM's users, each with the latest instant its lease can have
 * become due (see {@link IamUsers}), several times a cycle and after each kill.
 *
 * <p>A user is <em>owed</em> its revocation from {@code max(due, ready + mountWait, previous kill +
 * claimTimeout)}: before that its lease is not due, or no Lessor is up, or the killed child's claim
 * still holds it. Two measures follow, neither of them a race against the machine's speed:
 *
 * <ul>
 *   <li><b>Passed over</b>: the store hands out due leases earliest first, so once a user is owed,
 *       users due more than {@link #ORDER_SLACK} after it can be revoked before it only while they
 *       were already in flight (at most the revocation concurrency) or while its own revocation
 *       runs. A user whose lease record was lost, or whose row cannot be written, is passed by
 *       every later revocation; its count grows cycle after cycle past the bound.
 *   <li><b>Stalled</b>: ready time during which some user was owed and no user at all was deleted,
 *       added up across cycles and reset by any deletion. A claim that never returns stops every
 *       revocation; this grows past its bound within a few cycles.
 * </ul>
 *
 * <p>A user's live overdue time is the ready time it spent owed; alone it depends on the machine's
 * speed, so it is judged only together with the pass count. Not thread-safe: the parent's loop uses
 * it.
 */
final class RevocationLedger {
  /** More than the 1 s the expiry tag is truncated by, so that "due later" is certain. */
  static final Duration ORDER_SLACK = Duration.ofSeconds(2);

  private final int passBound;
  private final Duration overdueBound;
  private final Duration stallBound;
  private final Duration mountWait;
  private final Duration claimTimeout;
  private Map<String, Instant> previous = Map.of();
  private Instant previousAt;
  private Instant previousKill;
  private final Map<String, Integer> passes = new HashMap<>();
  private final Map<String, Duration> overdue = new HashMap<>();
  private Duration stalled = Duration.ZERO;
  private Duration worstStall = Duration.ZERO;
  private Duration worstOverdue = Duration.ZERO;
  private int worstPasses;
  private long deleted;
  private final Set<String> passedOver = new HashSet<>();

  RevocationLedger(
      int passBound,
      Duration overdueBound,
      Duration stallBound,
      Duration mountWait,
      Duration claimTimeout) {
    this.passBound = passBound;
    this.overdueBound = overdueBound;
    this.stallBound = stallBound;
    this.mountWait = mountWait;
    this.claimTimeout = claimTimeout;
  }

  /**
   * Takes a snapshot made at {@code at} (taken just before LocalIam was read).
   *
   * @param readyAt when the current child was ready, or null if it is not (yet)
   * @param users each user's due instant, by name
   */
  void observe(Instant at, Instant readyAt, Map<String, Instant> users) {
    List<Instant> gone = new ArrayList<>();
    for (Map.Entry<String, Instant> user : previous.entrySet()) {
      if (!users.containsKey(user.getKey())) {
        gone.add(user.getValue());
      }
    }
    Collections.sort(gone);
    deleted += gone.size();
    passes.keySet().retainAll(users.keySet());
    overdue.keySet().retainAll(users.keySet());
    boolean owedThroughout = false;
    for (Map.Entry<String, Instant> user : users.entrySet()) {
      Instant owed = readyAt == null ? null : owedFrom(user.getValue(), readyAt);
      if (owed == null || !at.isAfter(owed)) {
        continue;
      }
      Instant from = previousAt != null && previousAt.isAfter(owed) ? previousAt : owed;
      Duration total = overdue.merge(user.getKey(), Duration.between(from, at), Duration::plus);
      worstOverdue = max(worstOverdue, total);
      if (previousAt != null && !owed.isAfter(previousAt)) {
        owedThroughout = true;
        int later = gone.size() - upperBound(gone, user.getValue().plus(ORDER_SLACK));
        int count = passes.merge(user.getKey(), later, Integer::sum);
        worstPasses = Math.max(worstPasses, count);
        if (count > passBound && total.compareTo(overdueBound) > 0) {
          passedOver.add(user.getKey());
        }
      }
    }
    if (!gone.isEmpty()) {
      stalled = Duration.ZERO;
    } else if (owedThroughout) {
      stalled = stalled.plus(Duration.between(previousAt, at));
      worstStall = max(worstStall, stalled);
    }
    previous = Map.copyOf(users);
    previousAt = at;
  }

  /** Marks the kill of the current child at {@code killedAt}; call after its last snapshot. */
  void killed(Instant killedAt) {
    previousKill = killedAt;
  }

  /** Whether a user was passed over or revocation stalled beyond the bounds so far. */
  boolean overBound() {
    return !passedOver.isEmpty() || worstStall.compareTo(stallBound) > 0;
  }

  /** Users that were passed over (both bounds exceeded) at some point. */
  int passedOver() {
    return passedOver.size();
  }

  Duration overdueBound() {
    return overdueBound;
  }

  int worstPasses() {
    return worstPasses;
  }

  int passBound() {
    return passBound;
  }

  Duration worstStall() {
    return worstStall;
  }

  Duration stallBound() {
    return stallBound;
  }

  /** The largest live overdue time a user reached. */
  Duration worstOverdue() {
    return worstOverdue;
  }

  /** Users seen in one snapshot and gone in the next. */
  long deleted() {
    return deleted;
  }

  private Instant owedFrom(Instant due, Instant readyAt) {
    Instant owed = latest(due, readyAt.plus(mountWait));
    // the kill of this cycle's child is set only after its last snapshot, see killed()
    return previousKill == null ? owed : latest(owed, previousKill.plus(claimTimeout));
  }

  /** The index of the first element of {@code sorted} after {@code bound}. */
  private static int upperBound(List<Instant> sorted, Instant bound) {
    int low = 0;
    int high = sorted.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted.get(mid).isAfter(bound)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
