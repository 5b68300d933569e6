package dev.lessor.internal;

import dev.lessor.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code ratePerSecond} permits a second on average, with bursts up to
 * {@code burst}. Time comes from the given {@link Ticker}, which is monotonic: a wall clock stepped
 * back does not stop the refill, nor one stepped forward fill the bucket at once. Tests pass a
 * manual ticker and move it by hand. Thread-safe.
 *
 * <p>It never blocks: {@link #tryAcquire()} takes a permit or says when the next one will be there,
 * and the caller decides whether to wait, reschedule or fail.
 */
public final class RateLimiter {
  private final Ticker ticker;
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  private RateLimiter(Ticker ticker, double ratePerSecond, double burst) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
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
  public static RateLimiter perSecond(double ratePerSecond, Ticker ticker) {
    return new RateLimiter(ticker, ratePerSecond, Math.max(1, ratePerSecond));
  }

  /**
   * A bucket that never grants more than {@code limit} permits in any one second (for a limit of at
   * least 1): it bursts to a hundredth of the limit (at least one permit) and refills at the limit
   * less that burst, so the burst and the refill of one second together stay within it. The
   * sustained rate is about 99 % of the limit.
   */
  public static RateLimiter atMostPerSecond(double limit, Ticker ticker) {
    double burst = Math.max(1, Math.floor(limit / 100));
    return new RateLimiter(ticker, Math.max(limit - burst, limit / 2), burst);
  }

  /** A bucket with an explicit burst size. */
  public static RateLimiter of(double ratePerSecond, double burst, Ticker ticker) {
    return new RateLimiter(ticker, ratePerSecond, burst);
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
    if (now - lastNanos > 0) { // a difference, so that a wrap of the ticker's origin is harmless
      tokens = Math.min(burst, tokens + (now - lastNanos) * ratePerNano);
      lastNanos = now;
    }
  }

  private long nanos() {
    return ticker.read();
  }
}
