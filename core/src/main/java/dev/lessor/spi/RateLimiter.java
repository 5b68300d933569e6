package dev.lessor.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code ratePerSecond} permits a second on average, with bursts up to
 * {@code burst}. Time comes from the given clock, so tests move it by hand. Thread-safe.
 *
 * <p>It never blocks: {@link #tryAcquire()} takes a permit or says when the next one will be there,
 * and the caller decides whether to wait, reschedule or fail.
 */
public final class RateLimiter {
  private final Clock clock;
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  private RateLimiter(Clock clock, double ratePerSecond, double burst) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be positive, was " + ratePerSecond);
    }
    if (!(burst >= 1)) {
      throw new IllegalArgumentException("burst must be at least 1, was " + burst);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nanos();
  }

  /** A bucket of {@code ratePerSecond} permits a second, bursting to one second's worth. */
  public static RateLimiter perSecond(double ratePerSecond, Clock clock) {
    return new RateLimiter(clock, ratePerSecond, Math.max(1, ratePerSecond));
  }

  /**
   * A bucket that never grants more than {@code limit} permits in any one second (for a limit of at
   * least 1): it bursts to a hundredth of the limit (at least one permit) and refills at the limit
   * less that burst, so the burst and the refill of one second together stay within it. The
   * sustained rate is about 99 % of the limit.
   */
  public static RateLimiter atMostPerSecond(double limit, Clock clock) {
    double burst = Math.max(1, Math.floor(limit / 100));
    return new RateLimiter(clock, Math.max(limit - burst, limit / 2), burst);
  }

  /** A bucket with an explicit burst size. */
  public static RateLimiter of(double ratePerSecond, double burst, Clock clock) {
    return new RateLimiter(clock, ratePerSecond, burst);
  }

  /**
   * Takes a permit if one is there.
   *
   * @return zero when a permit was taken; otherwise how long until one will be there
   */
  public synchronized Duration tryAcquire() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerNano));
  }

  private void refill() {
    long now = nanos();
    if (now > lastNanos) {
      tokens = Math.min(burst, tokens + (now - lastNanos) * ratePerNano);
      lastNanos = now;
    }
  }

  private long nanos() {
    var instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
