package dev.lessor;

import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.LeaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes one lease: asks its engine to delete the secret, then deletes the record. On failure it
 * records the attempt and when to retry, or makes the lease irrevocable when retries ran out or the
 * error is permanent. The same steps serve explicit revocation, expiry, rollback of a failed issue
 * and crash recovery.
 */
final class Revoker {
  private static final Logger log = LoggerFactory.getLogger(Revoker.class);
  private static final int MAX_ERROR_LENGTH = 240;

  private final LeaseStore store;
  private final MountTable mounts;
  private final LeaseEvents events;
  private final Clock clock;
  private final LeaseSettings settings;

  /** Ids of due leases whose mount was not mounted, by mount: they go as soon as it is. */
  private final Map<String, Set<String>> waitingForMount = new ConcurrentHashMap<>();

  Revoker(
      LeaseStore store,
      MountTable mounts,
      LeaseEvents events,
      Clock clock,
      LeaseSettings settings) {
    this.store = store;
    this.mounts = mounts;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Revokes a lease the revocation loop claimed. Never throws for an engine failure: that is
   * recorded for a retry. A lease whose mount is not mounted waits for it.
   */
  void revokeClaimed(LeaseRecord record) {
    Optional<Mount> mount = mounts.get(record.mount());
    if (mount.isEmpty()) {
      waitForMount(record);
      return;
    }
    try {
      revokeWith(mount.get(), record);
    } catch (RuntimeException e) {
      recordFailure(record, e);
    }
  }

  /**
   * Revokes a lease now on the caller's thread.
   *
   * @throws LessorException when the engine fails; the failure is recorded for background retries
   */
  void revokeNow(LeaseRecord record) {
    Mount mount = mounts.require(record);
    try {
      revokeWith(mount, record);
    } catch (RuntimeException e) {
      recordFailure(record.withExpireTime(min(record.expireTime(), clock.instant())), e);
      if (e instanceof LessorException le && le.retryable()) {
        throw new UpstreamException(
            "revocation of lease " + record.id() + " failed and will be retried: " + e.getMessage(),
            e instanceof UpstreamException ue ? ue.errorCode() : "unknown",
            true,
            e);
      }
      throw e instanceof LessorException le
          ? le
          : new LessorException(
              "revocation of lease " + record.id() + " failed and will be retried: " + describe(e),
              e);
    }
  }

  private void revokeWith(Mount mount, LeaseRecord record) {
    Instant started = clock.instant();
    mount.engine().revoke(record);
    if (store.delete(record.id())) {
      boolean expired =
          record.state() == LeaseState.ACTIVE && !record.expireTime().isAfter(started);
      log.debug("revoked lease {} ({})", record.id(), expired ? "expired" : "revoked");
      events.publish(
          expired ? LeaseEvent.Type.EXPIRED : LeaseEvent.Type.REVOKED,
          record.toLease(started),
          clock.instant());
    }
  }

  private void recordFailure(LeaseRecord record, RuntimeException e) {
    Instant now = clock.instant();
    int attempts = record.attempts() + 1;
    String error = truncate(describe(e));
    RetryPolicy policy = settings.retryPolicy();
    boolean permanent = e instanceof LessorException le && le.permanent();
    boolean giveUp =
        record.state() != LeaseState.IRREVOCABLE && (permanent || attempts >= policy.maxAttempts());
    LeaseRecord next;
    if (record.state() == LeaseState.IRREVOCABLE || giveUp) {
      if (giveUp) {
        error = permanent ? error : truncate("out of retries: " + error);
      }
      next =
          record
              .withState(LeaseState.IRREVOCABLE)
              .withFailure(attempts, error)
              .withDueTime(now.plus(policy.irrevocableRetryPeriod()));
    } else {
      next =
          record
              .withFailure(attempts, error)
              .withDueTime(
                  now.plus(policy.backoff(attempts, ThreadLocalRandom.current().nextDouble())));
    }
    Optional<LeaseRecord> stored = store.update(next);
    if (stored.isEmpty()) {
      log.debug("lease {} changed while its revocation failed; leaving it as it is", record.id());
      return;
    }
    Lease lease = stored.get().toLease(now);
    events.publish(LeaseEvent.Type.REVOCATION_FAILED, lease, now, error);
    if (giveUp) {
      log.error(
          "lease {} is irrevocable after {} attempt(s): {}; retrying every {}, or revoke it by force",
          record.id(),
          attempts,
          error,
          policy.irrevocableRetryPeriod());
      events.publish(LeaseEvent.Type.IRREVOCABLE, lease, now, error);
    } else {
      log.warn(
          "revocation of lease {} failed (attempt {}), next try at {}: {}",
          record.id(),
          attempts,
          next.dueTime(),
          error);
    }
  }

  private void waitForMount(LeaseRecord record) {
    waitingForMount
        .computeIfAbsent(
            record.mount(),
            mount -> {
              log.warn(
                  "leases of mount '{}' are due but it is not mounted; they wait until it is"
                      + " (first: {})",
                  mount,
                  record.id());
              return ConcurrentHashMap.newKeySet();
            })
        .add(record.id());
    store.update(record.withDueTime(clock.instant().plus(settings.mountWait())));
  }

  /**
   * Makes the leases that were waiting for {@code mount} due now. Called when it is mounted, so
   * that leases left overdue by an earlier run go at once instead of after the mount wait.
   */
  void mountAvailable(String mount) {
    Set<String> waiting = waitingForMount.remove(mount);
    if (waiting == null) {
      return;
    }
    Instant now = clock.instant();
    for (String id : waiting) {
      store
          .get(id)
          .filter(r -> r.dueTime().isAfter(now))
          .ifPresent(r -> store.update(r.withDueTime(now)));
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e instanceof LessorException
        ? String.valueOf(message)
        : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String truncate(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
