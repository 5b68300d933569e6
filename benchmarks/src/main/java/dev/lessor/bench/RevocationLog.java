package dev.lessor.bench;

import dev.lessor.store.LeaseRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records, for each revocation, how late it started (clock time minus the lease's expiry) and when
 * it started (monotonic nanos). Preallocated, so recording a million revocations allocates nothing.
 * Thread-safe.
 */
final class RevocationLog {
  private final Clock clock;
  private final long[] lateNanos;
  private final long[] startNanos;
  private final AtomicInteger count = new AtomicInteger();

  RevocationLog(Clock clock, int capacity) {
    this.clock = clock;
    this.lateNanos = new long[capacity];
    this.startNanos = new long[capacity];
  }

  /** Records a revocation of {@code lease} starting now. */
  void started(LeaseRecord lease) {
    started(lease.expireTime());
  }

  /** Records a revocation of a lease that expired at {@code expireTime}, starting now. */
  void started(Instant expireTime) {
    long started = System.nanoTime();
    long late = Duration.between(expireTime, clock.instant()).toNanos();
    int i = count.getAndIncrement();
    if (i < lateNanos.length) {
      lateNanos[i] = late;
      startNanos[i] = started;
    }
  }

  int count() {
    return count.get();
  }

  /** Lateness of each revocation so far, sorted, in nanoseconds. */
  long[] sortedLateness() {
    long[] copy = Arrays.copyOf(lateNanos, Math.min(count(), lateNanos.length));
    Arrays.sort(copy);
    return copy;
  }

  /** Start times of each revocation so far, sorted, in {@link System#nanoTime()} nanoseconds. */
  long[] sortedStarts() {
    long[] copy = Arrays.copyOf(startNanos, Math.min(count(), startNanos.length));
    Arrays.sort(copy);
    return copy;
  }
}
