package dev.lessor;

import java.time.Duration;

/**
 * The lease-related settings of one Lessor, frozen at build time.
 *
 * @param defaultTtl the TTL of a lease whose engine asks for none
 * @param maxTtl the most any lease may live, counted from its issue time
 * @param retryPolicy how failed revocations are retried
 * @param pendingTimeout how old a pending lease must be before it is taken for a crash leftover
 * @param claimTimeout how long one instance holds a due lease it claimed before others may take it
 * @param pollInterval the longest wait between two looks at the store (other instances' leases)
 * @param revocationConcurrency how many revocations run at once
 * @param revocationRatePerSecond the most revocations started per second, or 0 for no limit
 * @param mountWait how long a due lease waits for its mount to be mounted before it is tried again
 * @param closeTimeout how long close waits for requests in flight, and then for the revocation of
 *     live leases when the store is not durable
 */
record LeaseSettings(
    Duration defaultTtl,
    Duration maxTtl,
    RetryPolicy retryPolicy,
    Duration pendingTimeout,
    Duration claimTimeout,
    Duration pollInterval,
    int revocationConcurrency,
    double revocationRatePerSecond,
    Duration mountWait,
    Duration closeTimeout) {

  /** The TTL and max TTL that apply to terms an engine asked for (zero meaning the default). */
  Duration effectiveMax(Duration asked) {
    return asked.isZero() || asked.compareTo(maxTtl) > 0 ? maxTtl : asked;
  }

  Duration effectiveTtl(Duration asked) {
    return asked.isZero() ? defaultTtl : asked;
  }
}
