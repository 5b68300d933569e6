package dev.lessor;

import dev.lessor.internal.RateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How many revocations may start now: the slots of {@code revocationConcurrency} and the tokens of
 * the revocation rate limit, shared by the revocation loop and by bulk revocations ({@code
 * revokePrefix}, unmount, close), so that together they stay within both limits. Thread-safe.
 */
final class RevocationCapacity {
  private final int limit;
  private final RateLimiter rate;
  private volatile Runnable onRelease = () -> {};
  private int inUse; // guarded by this

  /**
   * @param rate the rate limiter, or null for no limit
   */
  RevocationCapacity(int limit, RateLimiter rate) {
    this.limit = limit;
    this.rate = rate;
  }

  /** Runs after every release, on the releasing thread, outside any lock: wakes the loop. */
  void onRelease(Runnable action) {
    this.onRelease = action;
  }

  /**
   * Takes up to {@code wanted} slots, each with a rate token.
   *
   * @return how many were taken, and, when the rate limit stopped it early, how long until the next
   *     token
   */
  synchronized Grant tryTake(int wanted) {
    int taken = 0;
    Duration rateWait = Duration.ZERO;
    while (taken < wanted && inUse < limit) {
      Duration wait = rate == null ? Duration.ZERO : rate.tryAcquire();
      if (!wait.isZero()) {
        rateWait = wait;
        break;
      }
      inUse++;
      taken++;
    }
    return new Grant(taken, rateWait);
  }

  /**
   * Takes one slot and token, waiting for them on the caller's thread until {@code deadlineNanos}
   * of {@link System#nanoTime()} (real time: this blocks a thread).
   *
   * @return whether one was taken
   */
  boolean take(long deadlineNanos) throws InterruptedException {
    while (true) {
      long waitNanos;
      synchronized (this) {
        Grant grant = tryTake(1);
        if (grant.taken() == 1) {
          return true;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // a busy slot is released with a notify; a rate token comes with time alone
        waitNanos = grant.rateWait().isZero() ? left : Math.min(left, grant.rateWait().toNanos());
        TimeUnit.NANOSECONDS.timedWait(this, Math.max(waitNanos, 1_000_000));
      }
    }
  }

  /**
   * Takes one rate token (no slot: for a caller that holds one already and starts its next
   * revocation), waiting for it until {@code deadlineNanos} of {@link System#nanoTime()}.
   *
   * @return whether one was taken
   */
  boolean takeToken(long deadlineNanos) throws InterruptedException {
    if (rate == null) {
      return true;
    }
    while (true) {
      Duration wait = rate.tryAcquire();
      if (wait.isZero()) {
        return true;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.sleep(Math.max(Math.min(left, wait.toNanos()), 1_000_000));
    }
  }

  /** Gives back the slot of a finished revocation, and wakes the loop for the next one. */
  void release() {
    giveBack(1);
    onRelease.run();
  }

  /**
   * Gives back {@code count} slots that were not used (the rate tokens are spent), without waking
   * the loop: the loop itself gives back what it could not fill.
   */
  void giveBack(int count) {
    if (count <= 0) {
      return;
    }
    synchronized (this) {
      inUse -= count;
      notifyAll();
    }
  }

  /** Slots in use. */
  synchronized int inUse() {
    return inUse;
  }

  /** Slots taken, and the wait for the next rate token when the rate limit stopped the take. */
  record Grant(int taken, Duration rateWait) {}
}
