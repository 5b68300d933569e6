package dev.lessor.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * What an engine asks of a lease it issues or renews. A zero duration means "the mount's default";
 * the core caps both at the mount's maximum.
 *
 * @param ttl how long the lease lives, or zero for the default
 * @param maxTtl the most that renewals can reach, counted from the issue time, or zero for the
 *     mount's maximum
 * @param renewable whether the lease may be renewed
 */
public record LeaseTerms(Duration ttl, Duration maxTtl, boolean renewable) {

  public LeaseTerms {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
    }
    if (maxTtl.isNegative()) {
      throw new IllegalArgumentException("maxTtl must not be negative, was " + maxTtl);
    }
  }

  /** The mount's default TTL and maximum, renewable. */
  public static LeaseTerms defaults() {
    return new LeaseTerms(Duration.ZERO, Duration.ZERO, true);
  }

  /** A renewable lease with these durations (zero meaning the default). */
  public static LeaseTerms renewable(Duration ttl, Duration maxTtl) {
    return new LeaseTerms(ttl, maxTtl, true);
  }

  /** A lease that cannot be renewed, living {@code ttl} (zero meaning the default). */
  public static LeaseTerms fixed(Duration ttl) {
    return new LeaseTerms(ttl, ttl, false);
  }
}
