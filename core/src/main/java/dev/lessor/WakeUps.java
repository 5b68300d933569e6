package dev.lessor;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wake-up of the revocation loop that the {@link Scheduler} holds: the earliest asked for
 * wins, times are measured on the {@link Ticker}.
 *
 * <p>A wake-up counts as scheduled only once the scheduler accepted it. When the scheduler throws,
 * the failure is logged naming the scheduler, and a retry wake-up is asked for at once with a
 * backoff (1 s, doubling, at most the poll interval); if that is refused too, nothing is recorded,
 * so the next call (a lease issued, a revocation finished) tries again.
 *
 * <p>Thread-safe; the task it schedules only hands work over, so the scheduler thread does no I/O.
 */
final class WakeUps implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WakeUps.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final Scheduler scheduler;
  private final Ticker ticker;
  private final Duration maxRetry;
  private final Runnable onWake;

  // ticker time of the scheduled wake-up; written under this, read without a lock
  private volatile long wakeAt;
  private Scheduler.Cancellable wake; // guarded by this
  private volatile boolean scheduled; // wake != null; written under this
  private int failures; // guarded by this
  private boolean closed; // guarded by this

  WakeUps(Scheduler scheduler, Ticker ticker, Duration maxRetry, Runnable onWake) {
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.maxRetry = maxRetry;
    this.onWake = onWake;
  }

  /**
   * Makes sure {@code onWake} runs within {@code delay} (positive). When a wake-up at or before
   * that is scheduled already (the usual case for a lease just issued: the next poll comes first),
   * this reads two volatile fields and takes no lock, so that threads issuing leases do not queue
   * here. A wake-up that fires meanwhile still covers the caller: it clears {@code scheduled}
   * before it runs {@code onWake}, whose drain reads the store after the caller's write.
   */
  void wakeWithin(Duration delay) {
    long at = saturatedAdd(ticker.read(), nanos(delay));
    if (scheduled && at - wakeAt >= 0) {
      return;
    }
    wakeAt(at, delay);
  }

  /** Whether a wake-up within {@code delayMillis} is scheduled already; takes no lock. */
  boolean covers(long delayMillis) {
    long nanos =
        delayMillis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : delayMillis * 1_000_000;
    return scheduled && saturatedAdd(ticker.read(), nanos) - wakeAt >= 0;
  }

  private synchronized void wakeAt(long at, Duration delay) {
    if (closed || (wake != null && at - wakeAt >= 0)) {
      return;
    }
    Scheduler.Cancellable scheduled;
    try {
      scheduled = scheduler.schedule(this::fire, delay);
      failures = 0;
    } catch (RuntimeException refused) {
      failures++;
      Duration retry = retryDelay(delay);
      log.warn(
          "the scheduler {} refused the revocation loop's wake-up in {} (failure {}); asking it"
              + " for one in {}",
          scheduler,
          delay,
          failures,
          retry,
          refused);
      try {
        scheduled = scheduler.schedule(this::fire, retry);
        at = saturatedAdd(ticker.read(), nanos(retry));
      } catch (RuntimeException again) {
        log.warn(
            "the scheduler {} refused again ({}); the next lease issued or revocation finished"
                + " asks again",
            scheduler,
            again.toString());
        return; // nothing recorded, so that the next call does not think a wake-up is coming
      }
    }
    if (wake != null) {
      wake.cancel();
    }
    wakeAt = at;
    wake = scheduled;
    this.scheduled = true;
  }

  private Duration retryDelay(Duration wanted) {
    Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
    retry = retry.compareTo(maxRetry) > 0 ? maxRetry : retry;
    return retry.compareTo(wanted) > 0 ? wanted : retry;
  }

  /** Runs on the scheduler's thread: forgets the wake-up and hands the work over. */
  private void fire() {
    synchronized (this) {
      wake = null;
      scheduled = false;
    }
    onWake.run();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (wake != null) {
      wake.cancel();
      wake = null;
    }
    scheduled = false;
  }

  private static long nanos(Duration delay) {
    try {
      return delay.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
