package dev.lessor.bench;

import dev.lessor.Lessor;
import dev.lessor.LessorBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Lets n leases expire on a schedule and records each revocation, either through Lessor or through
 * the baseline (one {@link ScheduledThreadPoolExecutor} task per lease). Lease i expires at {@code
 * expiry.apply(i)} after the origin of a {@link HeldClock}; leases are issued while the clock
 * stands, then it is released, so both sides see the same expiry schedule in real time.
 */
final class ExpiryScenario {
  private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

  private ExpiryScenario() {}

  /**
   * What one scenario measured.
   *
   * @param log each revocation's lateness and start
   * @param firstExpiryNanos the {@link System#nanoTime()} of the first expiry
   * @param drainedNanos the {@link System#nanoTime()} by which every revocation had finished
   */
  record Result(RevocationLog log, long firstExpiryNanos, long drainedNanos) {
    long drainNanos() {
      return drainedNanos - firstExpiryNanos;
    }
  }

  /** Lessor, with an in-memory store, the given concurrency and rate limit (0: none). */
  static Result lessor(
      int n,
      IntFunction<Duration> expiry,
      Duration revokeLatency,
      int concurrency,
      double rateLimit,
      Duration timeout) {
    HeldClock clock = new HeldClock(ORIGIN);
    RevocationLog log = new RevocationLog(clock, n);
    AtomicInteger issued = new AtomicInteger();
    BenchEngine engine =
        new BenchEngine(() -> expiry.apply(issued.getAndIncrement()), revokeLatency, log);
    LessorBuilder builder = Lessor.builder().clock(clock).revocationConcurrency(concurrency);
    if (rateLimit > 0) {
      builder.revocationRateLimit(rateLimit);
    }
    try (Lessor lessor = builder.build()) {
      lessor.mount(BenchEngine.MOUNT, engine);
      for (int i = 0; i < n; i++) {
        lessor.read(BenchEngine.CREDS);
      }
      System.gc(); // the garbage of issuing is not the revocation loop's to pay for
      clock.release();
      await(() -> lessor.leases().count() == 0, expiry.apply(n - 1).plus(timeout));
      long drained = System.nanoTime();
      return new Result(log, firstExpiry(clock, expiry), drained);
    }
  }

  /** The baseline: {@code threads} executor threads, one task per lease, remove-on-cancel. */
  static Result baseline(
      int n, IntFunction<Duration> expiry, Duration revokeLatency, int threads, Duration timeout) {
    HeldClock clock = new HeldClock(ORIGIN);
    RevocationLog log = new RevocationLog(clock, n);
    AtomicInteger done = new AtomicInteger();
    long latency = revokeLatency.toNanos();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads);
    executor.setRemoveOnCancelPolicy(true);
    try {
      System.gc();
      clock.release();
      for (int i = 0; i < n; i++) {
        Instant expires = ORIGIN.plus(expiry.apply(i));
        long delay = Duration.between(clock.instant(), expires).toNanos();
        executor.schedule(
            () -> {
              log.started(expires);
              if (latency > 0) {
                BenchEngine.pause(latency);
              }
              done.incrementAndGet();
            },
            delay,
            TimeUnit.NANOSECONDS);
      }
      await(() -> done.get() == n, expiry.apply(n - 1).plus(timeout));
      long drained = System.nanoTime();
      return new Result(log, firstExpiry(clock, expiry), drained);
    } finally {
      executor.shutdownNow();
    }
  }

  private static long firstExpiry(HeldClock clock, IntFunction<Duration> expiry) {
    return clock.releasedAtNanos() + expiry.apply(0).toNanos();
  }

  /** Polls {@code condition} every millisecond until it holds or {@code timeout} passes. */
  static void await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not done within " + timeout);
      }
      BenchEngine.pause(1_000_000L);
    }
  }
}
