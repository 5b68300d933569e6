package dev.lessor.aws;

import dev.lessor.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a {@link LessorCredentialsProvider} refreshes, and how long it waits after a failure.
 *
 * <p>The refresh starts while a part of the credential's life is left (the lead): {@code
 * prefetchFraction} of it, at least {@code prefetchMinimum} so that a new IAM key has time to start
 * working, and never more than half the life, so that a short lease is not refreshed in a loop. A
 * random jitter of up to {@code prefetchJitter} of the lead starts it earlier still, so that many
 * providers started together do not all mint at the same instant, as the SDK's own providers do.
 * Immutable and thread-safe.
 */
final class RefreshTiming {
  private final double fraction;
  private final Duration minimum;
  private final double jitter;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final DoubleSupplier random;

  RefreshTiming(ProviderSettings s) {
    this.fraction = s.prefetchFraction();
    this.minimum = s.prefetchMinimum();
    this.jitter = s.prefetchJitter();
    this.backoff = s.retryBackoff();
    this.maxBackoff = s.maxRetryBackoff();
    this.random = s.random();
  }

  /** How much of a credential valid from {@code from} to {@code expire} is left at its refresh. */
  Duration lead(Instant from, Instant expire) {
    Duration life = Duration.between(from, expire);
    if (life.isNegative() || life.isZero()) {
      return Duration.ZERO;
    }
    Duration lead = scale(life, fraction);
    if (lead.compareTo(minimum) < 0) {
      lead = minimum;
    }
    Duration half = life.dividedBy(2);
    return lead.compareTo(half) > 0 ? half : lead;
  }

  /** When to refresh a credential valid from {@code from} to {@code expire}, jitter included. */
  Instant refreshAt(Instant from, Instant expire) {
    Duration lead = lead(from, expire);
    Duration early = scale(lead, jitter * random.getAsDouble());
    Instant at = expire.minus(lead).minus(early);
    return at.isBefore(from) ? from : at;
  }

  /**
   * Whether renewing {@code lease} now still gains time: it is renewable and its max TTL lies
   * beyond its expiry by more than a lead, so that the renewed lease is not due again at once.
   */
  boolean renewalGains(Lease lease, Instant now) {
    if (!lease.renewable()) {
      return false;
    }
    Duration room = Duration.between(lease.expireTime(), lease.maxExpireTime());
    return room.compareTo(lead(now, lease.expireTime())) > 0;
  }

  /** The pause before retry number {@code failures} (1 for the first): doubling, capped. */
  Duration backoff(int failures) {
    Duration pause = backoff;
    for (int i = 1; i < failures && pause.compareTo(maxBackoff) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofNanos((long) (d.toNanos() * factor));
  }
}
