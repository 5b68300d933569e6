package dev.lessor;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed revocations are retried: exponential backoff with jitter, a bounded number of
 * attempts, then the lease becomes {@link LeaseState#IRREVOCABLE} and is retried on a long period.
 *
 * <p>Attempt {@code n} (from 1) waits {@code base * 2^n}, randomised by {@code ±jitter} of itself,
 * and never longer than {@code maxBackoff}. The defaults (6 attempts from a 10 s base, ±50 %, daily
 * retry of irrevocable leases) match what operators of secrets servers expect.
 *
 * @param maxAttempts attempts before a lease becomes irrevocable, at least 1
 * @param base the backoff unit, positive
 * @param maxBackoff the longest single wait, at least {@code base}
 * @param jitter the random spread as a fraction of the wait, from 0 to 1
 * @param irrevocableRetryPeriod how often irrevocable leases are tried again, positive
 */
public record RetryPolicy(
    int maxAttempts,
    Duration base,
    Duration maxBackoff,
    double jitter,
    Duration irrevocableRetryPeriod) {

  public RetryPolicy {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(irrevocableRetryPeriod, "irrevocableRetryPeriod");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base must be positive, was " + base);
    }
    if (maxBackoff.compareTo(base) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least base, was " + maxBackoff);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be from 0 to 1, was " + jitter);
    }
    if (irrevocableRetryPeriod.isNegative() || irrevocableRetryPeriod.isZero()) {
      throw new IllegalArgumentException(
          "irrevocableRetryPeriod must be positive, was " + irrevocableRetryPeriod);
    }
  }

  /** 6 attempts from a 10 s base, ±50 % jitter, at most 1 h apart, irrevocable retried daily. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofSeconds(10), Duration.ofHours(1), 0.5, Duration.ofDays(1));
  }

  /**
   * The wait before the retry that follows failed attempt {@code attempt} (from 1).
   *
   * @param random a number from 0 (inclusive) to 1 (exclusive) that places the jitter
   */
  public Duration backoff(int attempt, double random) {
    int shift = Math.min(Math.max(attempt, 1), 30);
    long nanos = base.toNanos();
    long max = maxBackoff.toNanos();
    long wait = nanos > (max >> shift) ? max : Math.min(max, nanos << shift);
    double spread = 1 + jitter * (2 * random - 1);
    return Duration.ofNanos(Math.min(max, (long) (wait * spread)));
  }
}
