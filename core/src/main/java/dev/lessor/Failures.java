package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a failed revocation: the attempt and when to retry, or the lease made irrevocable when
 * retries ran out or the error is permanent. An engine that cannot tell yet ({@link
 * RetryLaterException}) is no failure: the lease waits until then and keeps its attempts and state.
 * Also says what happened in the exception an explicit revocation throws. Thread-safe.
 */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private static final int MAX_ERROR_LENGTH = 240;

  /** The shortest wait for consistency, so that an engine's past retryAt cannot spin the loop. */
  private static final Duration MIN_WAIT = Duration.ofSeconds(1);

  private final LeaseStore store;
  private final LeaseEvents events;
  private final Clock clock;
  private final RetryPolicy policy;
  private final Consumer<Instant> wakeBy;

  Failures(
      LeaseStore store,
      LeaseEvents events,
      Clock clock,
      RetryPolicy policy,
      Consumer<Instant> wakeBy) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.policy = policy;
    this.wakeBy = wakeBy;
  }

  /**
   * What became of a lease after a failed attempt.
   *
   * @param next the record as stored now, or null when it was gone or kept changing
   * @param gaveUp whether this failure made it irrevocable
   */
  record Outcome(LeaseRecord next, boolean gaveUp) {}

  /**
   * Records the failure {@code e} of a revocation of {@code latest}, the latest version known. If
   * the record changed meanwhile (a claim of the loop, a renewal), the failure is applied to the
   * version stored now. {@code took} is how long the attempt took, for the event (null if not
   * measured).
   */
  Outcome record(LeaseRecord latest, RuntimeException e, Duration took) {
    LeaseRecord current = latest;
    for (int attempt = 0; attempt < 2 && current != null; attempt++) {
      Instant now = clock.instant();
      boolean wait = e instanceof RetryLaterException;
      boolean giveUp = !wait && givesUp(current, e);
      LeaseRecord next =
          wait ? waiting(current, (RetryLaterException) e, now) : failed(current, e, giveUp, now);
      Optional<LeaseRecord> stored = store.update(next);
      if (stored.isPresent()) {
        report(stored.get(), e, giveUp, now, took);
        wakeBy.accept(stored.get().dueTime());
        return new Outcome(stored.get(), giveUp);
      }
      current = store.get(latest.id()).orElse(null);
    }
    log.debug("lease {} changed while its revocation failed; leaving it as it is", latest.id());
    return new Outcome(null, false);
  }

  private boolean givesUp(LeaseRecord record, RuntimeException e) {
    boolean permanent = e instanceof LessorException le && le.permanent();
    return record.state() != LeaseState.IRREVOCABLE
        && (permanent || record.attempts() + 1 >= policy.maxAttempts());
  }

  private static LeaseRecord waiting(LeaseRecord record, RetryLaterException e, Instant now) {
    Instant earliest = now.plus(MIN_WAIT);
    Instant due = e.retryAt().isAfter(earliest) ? e.retryAt() : earliest;
    return record
        .withFailure(record.attempts(), truncate("waiting until " + due + ": " + describe(e)))
        .withDueTime(due);
  }

  private LeaseRecord failed(LeaseRecord record, RuntimeException e, boolean giveUp, Instant now) {
    int attempts = record.attempts() + 1;
    String error = truncate(describe(e));
    if (record.state() == LeaseState.IRREVOCABLE || giveUp) {
      boolean permanent = e instanceof LessorException le && le.permanent();
      error = giveUp && !permanent ? truncate("out of retries: " + error) : error;
      return record
          .withState(LeaseState.IRREVOCABLE)
          .withFailure(attempts, error)
          .withDueTime(now.plus(policy.irrevocableRetryPeriod()));
    }
    Duration backoff = policy.backoff(attempts, ThreadLocalRandom.current().nextDouble());
    return record.withFailure(attempts, error).withDueTime(now.plus(backoff));
  }

  private void report(
      LeaseRecord next, RuntimeException e, boolean giveUp, Instant now, Duration took) {
    if (e instanceof RetryLaterException) {
      log.info(
          "revocation of lease {} waits for the provider's consistency until {}: {}",
          next.id(),
          next.dueTime(),
          describe(e));
      return;
    }
    String error = next.lastError();
    Lease lease = next.toLease(now);
    events.publish(LeaseEvent.Type.REVOCATION_FAILED, next.mount(), lease, now, error, took);
    if (giveUp) {
      log.error(
          "lease {} is irrevocable after {} attempt(s): {}; next try at {}, then every {}, or"
              + " revoke it by force",
          next.id(),
          next.attempts(),
          error,
          next.dueTime(),
          policy.irrevocableRetryPeriod());
      events.publish(LeaseEvent.Type.IRREVOCABLE, next.mount(), lease, now, error, took);
    } else {
      log.warn(
          "revocation of lease {} failed (attempt {}), next try at {}: {}",
          next.id(),
          next.attempts(),
          next.dueTime(),
          error);
    }
  }

  /**
   * The exception for the caller of an explicit revocation that failed with {@code e}: it says what
   * became of the lease and when it will next be tried, keeping the provider's error code.
   */
  static LessorException explain(String id, Outcome outcome, RuntimeException e) {
    LeaseRecord next = outcome.next();
    if (e instanceof RetryLaterException later) {
      Instant at = next != null ? next.dueTime() : later.retryAt();
      return new RetryLaterException(
          "revocation of lease "
              + id
              + " cannot be decided before "
              + at
              + ": "
              + describe(e)
              + "; it will be tried again then",
          at);
    }
    String what;
    if (next == null) {
      what = "failed";
    } else if (next.state() == LeaseState.IRREVOCABLE) {
      what =
          "failed; the lease is irrevocable and will next be tried at "
              + next.dueTime()
              + " (or revoke it by force)";
    } else {
      what = "failed and will be retried at " + next.dueTime();
    }
    String message = "revocation of lease " + id + " " + what + ": " + describe(e);
    if (e instanceof UpstreamException ue) {
      return new UpstreamException(message, ue.errorCode(), ue.retryable(), e);
    }
    return new LessorException(message, e, e instanceof LessorException le && le.retryable());
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e instanceof LessorException
        ? String.valueOf(message)
        : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String truncate(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }
}
