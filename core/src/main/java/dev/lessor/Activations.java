package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes issued leases ACTIVE without the caller waiting for that write: one durable write (the
 * PENDING insert) on the critical path instead of two.
 *
 * <h2>Why it is safe</h2>
 *
 * The core invariant needs only the PENDING row: it is durable before the engine's first call, and
 * it names what the engine creates. A PENDING row falls due at its <em>pending deadline</em>
 * ({@code issue time + pendingTimeout}); whichever instance sees it due first claims and revokes
 * it. The ACTIVE write only moves the due time from the pending deadline to the expiry. So if that
 * write is lost (the process dies before its batch commits, or the batch fails and its retries run
 * out), the row stays PENDING and is revoked at its pending deadline: the credential is revoked
 * <em>early</em>, never leaked. An activation is deferred only when both hold:
 *
 * <ol>
 *   <li>the pending deadline is not after the lease's expiry, so that a lost activation can only
 *       make the revocation earlier, never later (a lease shorter than the pending timeout is
 *       activated as before, waiting for the write);
 *   <li>at least half the pending timeout is left before the pending deadline: the time the owner
 *       has to make the write durable, retrying, before any instance may take the row (an issue
 *       whose engine took longer is activated as before, and fails if it was taken meanwhile).
 * </ol>
 *
 * <h2>Instances sharing a store</h2>
 *
 * An instance never revokes a lease that is not due, and a PENDING row is not due before its
 * pending deadline. The owner's claim on its PENDING rows is that deadline: while the owner lives
 * and can write to the store, its deferred activation lands within milliseconds (the next batch of
 * its group committer) and is retried until the deadline, so no other instance ever sees the row
 * due before its expiry. Only an owner that is dead, or cut off from the store for half the pending
 * timeout, loses its row: the others then revoke it at the deadline, as they revoke a dead
 * instance's pending leases today. An activation that lands after another instance claimed the row
 * fails its version check and changes nothing; the claimer revokes it. Should this instance's own
 * loop claim such a row while the activation is still in flight here (its clock stepped past the
 * deadline), it {@link #adopt adopts} the claim as the activation. (The clocks of instances must
 * agree to well within half the pending timeout, as they must for claims.)
 *
 * <h2>Reading one's own writes</h2>
 *
 * Until its activation is durable, a lease reads as PENDING in the store. The lease manager's
 * operations on one lease ({@link #settle}) and on a prefix ({@link #settleAll}) first wait for the
 * activations of this instance in flight; close waits for all of them (bounded by the close
 * timeout), so that a clean shutdown loses none.
 *
 * <p>The in-memory store and any store that does not {@link LeaseStore#batchesActivation batch
 * activations} are activated as before, on the caller's thread. Thread-safe. Store callbacks run on
 * the store's threads and only hand work over; a check that reads the store runs on the workers.
 */
final class Activations {
  private static final Logger log = LoggerFactory.getLogger(Activations.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration MAX_RETRY = Duration.ofSeconds(10);

  private final LeaseStore store;
  private final boolean batching;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor workers;
  private final Duration margin;
  private final Duration waitBound;
  private final ConcurrentHashMap<String, Deferred> inFlight = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param waitBound how long a lease manager operation or close waits for activations in flight
   */
  Activations(
      LeaseStore store,
      Clock clock,
      Scheduler scheduler,
      Executor workers,
      Duration pendingTimeout,
      Duration waitBound) {
    this.store = store;
    this.batching = store.batchesActivation();
    this.clock = clock;
    this.scheduler = scheduler;
    this.workers = workers;
    this.margin = pendingTimeout.dividedBy(2);
    this.waitBound = waitBound;
  }

  /** Whether the activation of {@code pending} may go without the caller waiting (see above). */
  boolean mayDefer(LeaseRecord pending) {
    return batching
        && !closed
        && !pending.dueTime().isAfter(pending.expireTime())
        && !clock.instant().plus(margin).isAfter(pending.dueTime());
  }

  /**
   * Starts the activation of {@code pending}, a PENDING record as last stored.
   *
   * @return the ACTIVE record as it will be stored
   */
  LeaseRecord defer(LeaseRecord pending) {
    Deferred deferred = new Deferred(pending);
    inFlight.put(pending.id(), deferred);
    deferred.attempt();
    return pending
        .withState(LeaseState.ACTIVE)
        .withDueTime(pending.expireTime())
        .withVersion(pending.version() + 1);
  }

  /**
   * Turns a claim of this instance's revocation loop on a PENDING lease whose activation is in
   * flight here into that activation: the lease was handed out, its owner is alive, so it must not
   * be revoked early. It happens only when this instance's clock passed the pending deadline before
   * the write landed (a clock stepped forward). The write in flight then fails its version check
   * and finds the lease ACTIVE.
   *
   * @return whether the lease was activated (the caller then leaves it alone)
   */
  boolean adopt(LeaseRecord claimed) {
    if (claimed.state() != LeaseState.PENDING || !inFlight.containsKey(claimed.id())) {
      return false;
    }
    Optional<LeaseRecord> active =
        store.update(claimed.withState(LeaseState.ACTIVE).withDueTime(claimed.expireTime()));
    active.ifPresent(
        a -> log.debug("lease {} was claimed while its activation was in flight: activated", a));
    return active.isPresent();
  }

  /** Waits (bounded) until the activation of lease {@code id}, if one is in flight, is settled. */
  void settle(String id) {
    Deferred deferred = inFlight.get(id);
    if (deferred != null) {
      await(deferred.settled);
    }
  }

  /** Waits (bounded) until every activation in flight now is settled; how many are not. */
  int settleAll() {
    if (inFlight.isEmpty()) {
      return 0;
    }
    await(
        CompletableFuture.allOf(
            inFlight.values().stream().map(d -> d.settled).toArray(CompletableFuture[]::new)));
    return inFlight.size();
  }

  /** How many activations are in flight; for tests and close. */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * Waits (bounded) for the activations in flight, then gives up retrying: what is not durable by
   * then stays PENDING and is revoked at its pending deadline, early.
   */
  void close() {
    int left = settleAll();
    closed = true;
    if (left > 0) {
      log.warn(
          "closing with {} lease activation(s) not yet stored after {}: those leases stay PENDING"
              + " and are revoked at their pending deadline, before they expire",
          left,
          waitBound);
    }
  }

  private void await(CompletableFuture<?> settled) {
    try {
      settled.get(waitBound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // settled futures never fail; a timeout leaves the lease PENDING for the caller to see
    }
  }

  /** One lease's activation, retried until durable or until its pending deadline is too near. */
  private final class Deferred {
    private final LeaseRecord pending;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private int failures; // only one attempt runs at a time

    Deferred(LeaseRecord pending) {
      this.pending = pending;
    }

    void attempt() {
      CompletableFuture<Optional<LeaseRecord>> write;
      try {
        write = store.activateLater(pending);
      } catch (RuntimeException e) {
        write = CompletableFuture.failedFuture(e);
      }
      write.whenComplete(this::written);
    }

    /** Runs on whichever thread completed the write: hands over, does no I/O. */
    private void written(Optional<LeaseRecord> stored, Throwable error) {
      try {
        if (error != null) {
          retryOrGiveUp(error instanceof CompletionException ce ? ce.getCause() : error);
        } else if (stored.isPresent()) {
          done();
        } else {
          workers.execute(this::whyRefused);
        }
      } catch (Throwable e) { // a store's thread must not die of a callback
        log.warn("lease {}: handling its activation failed; it stays as stored", pending.id(), e);
        done();
      }
    }

    /** The version check refused the write: an earlier attempt landed, or the row was taken. */
    private void whyRefused() {
      Optional<LeaseRecord> now;
      try {
        now = store.get(pending.id());
      } catch (RuntimeException e) {
        retryOrGiveUp(e);
        return;
      }
      if (now.isPresent() && now.get().state() == LeaseState.ACTIVE) {
        done(); // an attempt whose commit seemed to fail had landed
      } else if (now.isPresent()) {
        log.warn(
            "lease {} was taken for a crash leftover before its activation was stored (its"
                + " pending deadline {} passed on some instance's clock): it is revoked before its"
                + " expiry {}",
            pending.id(),
            pending.dueTime(),
            pending.expireTime());
        done();
      } else {
        log.debug("lease {} was revoked before its activation was stored", pending.id());
        done();
      }
    }

    private void retryOrGiveUp(Throwable error) {
      failures++;
      Duration delay = backoff(failures);
      Instant next = clock.instant().plus(delay);
      if (closed || !next.plus(delay).isBefore(pending.dueTime())) {
        log.warn(
            "lease {}: its activation could not be stored ({}); it stays PENDING and is revoked at"
                + " its pending deadline {}, before its expiry {}",
            pending.id(),
            error.toString(),
            pending.dueTime(),
            pending.expireTime());
        done();
        return;
      }
      if (failures == 1) {
        log.warn(
            "lease {}: its activation could not be stored ({}); retrying until shortly before its"
                + " pending deadline {}",
            pending.id(),
            error.toString(),
            pending.dueTime());
      }
      try {
        scheduler.schedule(this::attempt, delay);
      } catch (RuntimeException refused) {
        log.warn(
            "lease {}: the scheduler refused the retry of its activation; it stays PENDING and is"
                + " revoked at its pending deadline {}",
            pending.id(),
            pending.dueTime());
        done();
      }
    }

    private void done() {
      inFlight.remove(pending.id(), this);
      settled.complete(null);
    }
  }

  private static Duration backoff(int failures) {
    Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }
}
