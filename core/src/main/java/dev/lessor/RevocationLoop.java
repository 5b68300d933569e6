package dev.lessor;

import dev.lessor.spi.LeaseRecord;
import dev.lessor.spi.LeaseStore;
import dev.lessor.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes leases when they fall due, on a bounded pool of workers.
 *
 * <p>The scheduler holds a single wake-up: the earliest due time in the store, or the next poll of
 * the store when that is sooner (other instances sharing the store add leases this one does not
 * see). A wake-up only hands a drain to the workers, so the scheduler thread never does I/O. A
 * drain claims due leases from the store, as many as there are free workers (and rate-limit
 * tokens), and gives each to a worker; a worker that finishes asks for another drain. At most one
 * drain runs at a time: a request that arrives during a drain makes it go round once more.
 *
 * <p>Thread-safe. {@link #close()} stops scheduling; revocations already started finish.
 */
final class RevocationLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RevocationLoop.class);
  private static final int IDLE = 0;
  private static final int DRAINING = 1;
  private static final int DRAIN_AGAIN = 2;
  private static final int MAX_CLAIM_BATCH = 256;

  private final LeaseStore store;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor workers;
  private final LeaseSettings settings;
  private final RateLimiter rateLimiter;
  private final Consumer<LeaseRecord> revocation;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger drainState = new AtomicInteger(IDLE);

  private final Object wakeLock = new Object();
  private Instant wakeAt;
  private Scheduler.Cancellable wake;
  private volatile boolean closed;

  RevocationLoop(
      LeaseStore store,
      Clock clock,
      Scheduler scheduler,
      Executor workers,
      LeaseSettings settings,
      Consumer<LeaseRecord> revocation) {
    this.store = store;
    this.clock = clock;
    this.scheduler = scheduler;
    this.workers = workers;
    this.settings = settings;
    this.revocation = revocation;
    this.rateLimiter =
        settings.revocationRatePerSecond() > 0
            ? RateLimiter.atMostPerSecond(settings.revocationRatePerSecond(), clock)
            : null;
  }

  /** Starts work: whatever is due already (leases left by an earlier run) is drained. */
  void start() {
    requestDrain();
  }

  /** Makes sure the loop wakes up by {@code due}; called when a lease gets an earlier due time. */
  void leaseDueAt(Instant due) {
    wakeNoLaterThan(due);
  }

  /** Asks for a drain on a worker; cheap and safe to call from any thread. */
  void requestDrain() {
    while (!closed) {
      int state = drainState.get();
      if (state == DRAIN_AGAIN) {
        return;
      }
      int next = state == IDLE ? DRAINING : DRAIN_AGAIN;
      if (drainState.compareAndSet(state, next)) {
        if (state == IDLE) {
          execute(this::drain, () -> drainState.set(IDLE));
        }
        return;
      }
    }
  }

  private void drain() {
    try {
      do {
        drainState.set(DRAINING);
        claimAndDispatch();
      } while (!drainState.compareAndSet(DRAINING, IDLE));
    } catch (RuntimeException e) {
      drainState.set(IDLE);
      log.warn(
          "could not read due leases from the store; trying again in {}",
          settings.pollInterval(),
          e);
      wakeNoLaterThan(clock.instant().plus(settings.pollInterval()));
    }
  }

  private void claimAndDispatch() {
    while (!closed) {
      int wanted = Math.min(settings.revocationConcurrency() - inFlight.get(), MAX_CLAIM_BATCH);
      if (wanted <= 0) {
        return; // a worker that finishes asks for the next drain
      }
      wanted = takeRateTokens(wanted);
      if (wanted == 0) {
        return;
      }
      Instant now = clock.instant();
      List<LeaseRecord> claimed = store.claimDue(now, now.plus(settings.claimTimeout()), wanted);
      for (LeaseRecord record : claimed) {
        inFlight.incrementAndGet();
        execute(() -> revokeThenDrain(record), inFlight::decrementAndGet);
      }
      if (claimed.size() < wanted) {
        scheduleNextWake(now);
        return;
      }
    }
  }

  /** Takes up to {@code wanted} tokens; with none left, schedules a wake-up for the next one. */
  private int takeRateTokens(int wanted) {
    if (rateLimiter == null) {
      return wanted;
    }
    for (int taken = 0; taken < wanted; taken++) {
      Duration wait = rateLimiter.tryAcquire();
      if (!wait.isZero()) {
        if (taken == 0) {
          wakeNoLaterThan(clock.instant().plus(wait));
        }
        return taken;
      }
    }
    return wanted;
  }

  private void revokeThenDrain(LeaseRecord record) {
    try {
      revocation.accept(record);
    } catch (RuntimeException e) {
      log.warn("revocation of lease {} failed unexpectedly", record.id(), e);
    } finally {
      inFlight.decrementAndGet();
      requestDrain();
    }
  }

  private void scheduleNextWake(Instant now) {
    Instant poll = now.plus(settings.pollInterval());
    Instant next = store.nextDueTime().filter(due -> due.isBefore(poll)).orElse(poll);
    wakeNoLaterThan(next);
  }

  private void wakeNoLaterThan(Instant due) {
    Duration delay = Duration.between(clock.instant(), due);
    if (!delay.isNegative() && !delay.isZero()) {
      synchronized (wakeLock) {
        if (closed || (wakeAt != null && !due.isBefore(wakeAt))) {
          return;
        }
        if (wake != null) {
          wake.cancel();
        }
        wakeAt = due;
        wake = scheduler.schedule(this::onWake, delay);
      }
    } else {
      requestDrain(); // due already: no need to go through the scheduler
    }
  }

  /** Runs on the scheduler's thread: hands the work over and returns. */
  private void onWake() {
    synchronized (wakeLock) {
      wakeAt = null;
      wake = null;
    }
    requestDrain();
  }

  private void execute(Runnable task, Runnable onRejected) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      onRejected.run();
      if (!closed) {
        log.warn("the revocation workers refused a task; retrying in {}", settings.pollInterval());
        wakeNoLaterThan(clock.instant().plus(settings.pollInterval()));
      }
    }
  }

  /** How many revocations are running now. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    synchronized (wakeLock) {
      closed = true;
      if (wake != null) {
        wake.cancel();
        wake = null;
        wakeAt = null;
      }
    }
  }
}
