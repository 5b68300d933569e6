package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Due leases that no mounted engine may revoke: their mount is not mounted, or an engine of another
 * type is mounted there. They wait, looked at again every {@code mountWait}, and go at once when an
 * engine is mounted at their path. Thread-safe.
 *
 * <p>A waiting lease stays claimed by this instance, and its claimed record is kept here. When its
 * mount appears, {@link #mountAvailable} only moves those records to a queue, with no I/O: mounting
 * on the caller's thread must not cost one store write per waiting lease (thousands, after a crash
 * left a backlog). The revocation loop takes them from that queue ({@link #takeReady}) on its
 * workers and revokes each whose claim still stands, with no further write; one whose claim lapsed
 * meanwhile is due again in the store and is claimed there like any other.
 */
final class MountWaits {
  private static final Logger log = LoggerFactory.getLogger(MountWaits.class);

  private final LeaseStore store;
  private final Clock clock;
  private final Duration mountWait;

  /** The claimed records of the waiting leases, by mount path, then by id (latest claim wins). */
  private final Map<String, Map<String, LeaseRecord>> waiting = new ConcurrentHashMap<>();

  /** Claimed records whose mount has appeared, for the revocation loop. */
  private final Queue<LeaseRecord> ready = new ConcurrentLinkedQueue<>();

  MountWaits(LeaseStore store, Clock clock, Duration mountWait) {
    this.store = store;
    this.clock = clock;
    this.mountWait = mountWait;
  }

  /**
   * Makes {@code claimed} (its latest version, still claimed by this instance) wait for its engine.
   *
   * @param mounted the type of the engine mounted at its path, or null when nothing is
   */
  void waitFor(LeaseRecord claimed, String mounted) {
    LeaseRecord held = claimed;
    Instant lookAgain = clock.instant().plus(mountWait);
    if (claimed.dueTime().isAfter(lookAgain)) {
      // shorten the claim, so that an instance that has this mount (or this one) tries it again
      // after mountWait rather than after the whole claim timeout
      Optional<LeaseRecord> shortened = store.update(claimed.withDueTime(lookAgain));
      if (shortened.isEmpty()) {
        return; // changed meanwhile (renewed, revoked): no longer this claim's to hold
      }
      held = shortened.get();
    } // else the claim lapses by the next look anyway: no write
    LeaseRecord record = held;
    // atomic with mountAvailable's remove: a lease is never put into a map already handed over
    waiting.compute(
        record.mount(),
        (mount, leases) -> {
          Map<String, LeaseRecord> into = leases;
          if (into == null) {
            warn(record, mount, mounted);
            into = new HashMap<>(); // only ever touched inside compute, or after remove
          }
          into.put(record.id(), record);
          return into;
        });
  }

  private static void warn(LeaseRecord record, String mount, String mounted) {
    if (mounted == null) {
      log.warn(
          "leases of mount '{}' are due but it is not mounted; they wait until it is (first: {})",
          mount,
          record.id());
    } else {
      log.warn(
          "leases of mount '{}' are due but need an engine of type '{}', and '{}' is"
              + " mounted there; they wait until a '{}' engine is (first: {})",
          mount,
          record.engine(),
          mounted,
          record.engine(),
          record.id());
    }
  }

  /**
   * Hands the leases that were waiting for {@code mount} to the revocation loop; no I/O, so it is
   * cheap on the thread that mounts. The caller asks the loop for a drain.
   */
  void mountAvailable(String mount) {
    Map<String, LeaseRecord> leases = waiting.remove(mount);
    if (leases != null) {
      ready.addAll(leases.values());
    }
  }

  /**
   * Takes up to {@code max} leases whose mount has appeared and whose claim by this instance still
   * stands (the same version in the store, due later than now), as claimed records for the
   * revocation workers. The others are dropped: revoked already, changed, or due again in the store
   * and claimed there. Reads the store once per lease; runs on the revocation loop's thread.
   */
  List<LeaseRecord> takeReady(int max) {
    List<LeaseRecord> taken = new ArrayList<>();
    LeaseRecord held;
    while (taken.size() < max && (held = ready.poll()) != null) {
      Optional<LeaseRecord> stored;
      try {
        stored = StandingClaim.reread(store, held, clock.instant());
      } catch (RuntimeException e) {
        log.warn(
            "could not read lease {} to revoke it now that its mount is there; it is revoked"
                + " when its claim lapses at {}",
            held.id(),
            held.dueTime(),
            e);
        continue;
      }
      if (stored.isPresent()) {
        taken.add(stored.get());
      } else {
        log.debug("lease {} is no longer held by this instance's claim: left to the store", held);
      }
    }
    return taken;
  }
}
