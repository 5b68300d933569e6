package dev.lessor;

import dev.lessor.store.LeaseRecord;
import dev.lessor.store.LeaseStore;
import dev.lessor.store.ScheduledTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes leases when they fall due, on a bounded pool of workers.
 *
 * <p>The scheduler holds a single wake-up: the earliest due time in the store, or the next poll of
 * the store when that is sooner (other instances sharing the store add leases this one does not
 * see). A wake-up only hands a drain to the workers, so the scheduler thread never does I/O. A
 * drain takes as many free {@link RevocationCapacity slots and rate tokens} as it can, fills them
 * with due leases and gives each to a worker; a worker that finishes asks for another drain. When
 * it has to claim from the store, it claims ahead for the slots that free up next ({@link
 * ClaimsAhead}), so that under a flood of due leases one claim (one commit) feeds many slots. At
 * most one drain runs at a time: a request that arrives during a drain makes it go round once more.
 *
 * <p>Leases this instance claimed while their mount was missing, and whose mount has appeared since
 * ({@code ready}), are handed out before any more are claimed, then those claimed ahead.
 *
 * <p>The same wake-up and drain serve the store's {@link ScheduledTask scheduled tasks}: a drain
 * claims the due tasks first (there are few), on the same slots, and hands each to {@code taskRun};
 * the next wake-up is the earlier of the next lease and the next task.
 *
 * <p>Waits are measured on the {@link Ticker}, so a wall clock stepped back delays no wake-up; due
 * times of leases are wall-clock instants and are turned into a delay when a wake-up is scheduled.
 *
 * <p>The loop outlives any failure: a drain that throws (even an {@link Error} such as {@link
 * OutOfMemoryError}) resets the drain state, is logged and schedules the next pass; a wake-up the
 * scheduler refuses is not counted as scheduled and is asked for again ({@link WakeUps}).
 *
 * <p>Thread-safe. {@link #close()} stops scheduling; revocations already started finish.
 */
final class RevocationLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RevocationLoop.class);
  private static final int IDLE = 0;
  private static final int DRAINING = 1;
  private static final int DRAIN_AGAIN = 2;
  private static final int MAX_CLAIM_BATCH = 256;
  private static final int MAX_TASK_BATCH = 16;

  private final LeaseStore store;
  private final Clock clock;
  private final Executor workers;
  private final LeaseSettings settings;
  private final RevocationCapacity capacity;
  private final IntFunction<List<LeaseRecord>> ready;
  private final Consumer<LeaseRecord> revocation;
  private final Consumer<ScheduledTask> taskRun;
  private final WakeUps wakeUps;
  private final Ticker ticker;
  private final ClaimsAhead ahead;
  private final AtomicInteger drainState = new AtomicInteger(IDLE);
  private volatile boolean closed;

  RevocationLoop(
      LeaseStore store,
      Clock clock,
      Ticker ticker,
      Scheduler scheduler,
      Executor workers,
      LeaseSettings settings,
      RevocationCapacity capacity,
      IntFunction<List<LeaseRecord>> ready,
      Consumer<LeaseRecord> revocation,
      Consumer<ScheduledTask> taskRun) {
    this.store = store;
    this.clock = clock;
    this.workers = workers;
    this.settings = settings;
    this.capacity = capacity;
    this.ready = ready;
    this.revocation = revocation;
    this.taskRun = taskRun;
    this.ticker = ticker;
    this.ahead = ClaimsAhead.of(ticker, settings, MAX_CLAIM_BATCH);
    this.wakeUps = new WakeUps(scheduler, ticker, settings.pollInterval(), this::requestDrain);
    capacity.onRelease(this::requestDrain);
  }

  /** Starts work: whatever is due already (leases left by an earlier run) is drained. */
  void start() {
    requestDrain();
  }

  /** Makes sure the loop wakes up by {@code due}; called when a lease gets an earlier due time. */
  void leaseDueAt(Instant due) {
    // Every issue calls this: when a wake-up by then is scheduled already (the usual case), it
    // costs two clock reads and no Instant or Duration. A millisecond early rather than late.
    try {
      long delayMillis = due.toEpochMilli() - clock.millis() - 1;
      if (delayMillis > 0 && wakeUps.covers(delayMillis)) {
        return;
      }
    } catch (ArithmeticException beyondMillis) {
      // an instant too far for milliseconds: the exact way below
    }
    wakeWithin(Duration.between(clock.instant(), due));
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
        if (state == IDLE && !execute(this::drain)) {
          drainState.set(IDLE);
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
    } catch (Throwable e) { // even an Error: a loop that stops here stops revocation for good
      drainState.set(IDLE);
      log.warn(
          "the revocation loop failed while claiming due leases ({}); trying again in {}",
          e.getClass().getSimpleName(),
          settings.pollInterval(),
          e);
      wakeWithin(settings.pollInterval());
    }
  }

  private void claimAndDispatch() {
    if (!dispatchDueTasks()) {
      return;
    }
    while (!closed) {
      RevocationCapacity.Grant grant = capacity.tryTake(MAX_CLAIM_BATCH);
      int wanted = grant.taken();
      if (wanted == 0) {
        if (!grant.rateWait().isZero()) {
          wakeWithin(grant.rateWait());
        }
        return; // otherwise every slot is busy: a worker that finishes asks for the next drain
      }
      Instant now = clock.instant();
      List<LeaseRecord> claimed;
      int asked = 0;
      int got = 0;
      try {
        claimed = ready.apply(wanted);
        if (claimed.isEmpty()) {
          claimed = ahead.take(wanted, store, now); // each re-read: it may be gone
        }
        if (claimed.isEmpty()) {
          // one claim for the free slots and as many more ahead: the next slots to free up take
          // those without a claim (a commit, in a durable store) of their own
          asked = Math.min(MAX_CLAIM_BATCH, wanted + ahead.room());
          long tick = ticker.read(); // before the claim: a queued claim's age is never understated
          List<LeaseRecord> all = store.claimDue(now, now.plus(settings.claimTimeout()), asked);
          got = all.size();
          claimed = all.subList(0, Math.min(wanted, got));
          ahead.offer(all.subList(claimed.size(), got), tick);
        }
      } catch (Throwable e) {
        capacity.giveBack(wanted);
        throw e;
      }
      capacity.giveBack(wanted - claimed.size());
      for (int i = 0; i < claimed.size(); i++) {
        LeaseRecord record = claimed.get(i);
        if (!execute(() -> revokeThenRelease(record))) {
          capacity.giveBack(claimed.size() - i); // the claims lapse and are taken again later
          return;
        }
      }
      if (got < asked) {
        scheduleNextWake(now); // the store has no more due now
        return;
      }
    }
  }

  /**
   * Claims the due tasks one at a time and hands them out; false when the workers refused one.
   * Capacity (a slot and a rate token each) is taken only once a task is known to be due, so that a
   * drain with no task due costs the leases no rate token.
   */
  private boolean dispatchDueTasks() {
    if (!store.keepsTasks()) {
      return true;
    }
    for (int i = 0; i < MAX_TASK_BATCH && !closed; i++) {
      Instant now = clock.instant();
      if (store.nextTaskDueTime().filter(due -> !due.isAfter(now)).isEmpty()) {
        return true;
      }
      if (capacity.tryTake(1).taken() == 0) {
        return true; // a worker that finishes, or the next wake-up, asks for the next drain
      }
      List<ScheduledTask> claimed;
      try {
        claimed = store.claimDueTasks(now, now.plus(settings.claimTimeout()), 1);
      } catch (Throwable e) {
        capacity.giveBack(1);
        throw e;
      }
      if (claimed.isEmpty()) {
        capacity.giveBack(1); // another instance took it
        return true;
      }
      ScheduledTask task = claimed.get(0);
      if (!execute(() -> runThenRelease(task))) {
        capacity.giveBack(1); // the claim lapses and is taken again later
        return false;
      }
    }
    return true;
  }

  private void runThenRelease(ScheduledTask task) {
    try {
      taskRun.accept(task);
    } catch (Throwable e) { // the worker and its slot must survive whatever one task did
      log.warn("task {} failed unexpectedly", task.id(), e);
    } finally {
      capacity.release();
    }
  }

  private void revokeThenRelease(LeaseRecord record) {
    try {
      revocation.accept(record);
    } catch (Throwable e) { // the worker and its slot must survive whatever one revocation did
      log.warn("revocation of lease {} failed unexpectedly", record.id(), e);
    } finally {
      capacity.release(); // asks for the next drain
    }
  }

  private void scheduleNextWake(Instant now) {
    Duration poll = settings.pollInterval();
    Optional<Instant> lease = store.nextDueTime();
    Optional<Instant> task = store.keepsTasks() ? store.nextTaskDueTime() : Optional.empty();
    Optional<Instant> due =
        lease.isEmpty() || (task.isPresent() && task.get().isBefore(lease.get())) ? task : lease;
    Duration next =
        due.map(at -> Duration.between(now, at))
            .filter(delay -> delay.compareTo(poll) < 0)
            .orElse(poll);
    wakeWithin(next);
  }

  private void wakeWithin(Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      requestDrain(); // due already: no need to go through the scheduler
    } else if (!closed) {
      wakeUps.wakeWithin(delay);
    }
  }

  /** Hands {@code task} to the workers; false (logged, and a drain asked for later) if refused. */
  private boolean execute(Runnable task) {
    try {
      workers.execute(task);
      return true;
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn(
            "the revocation workers refused a task ({}); retrying in {}",
            e.getClass().getSimpleName(),
            settings.pollInterval());
        wakeUps.wakeWithin(settings.pollInterval());
      }
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    wakeUps.close();
    ahead.clear(); // durable store: they lapse; otherwise close revokes every live lease anyway
  }
}
