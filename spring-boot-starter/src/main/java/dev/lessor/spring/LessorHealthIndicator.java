package dev.lessor.spring;

import dev.lessor.LeaseState;
import dev.lessor.LeaseStats;
import dev.lessor.Lessor;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The Lessor's health: DOWN when its store cannot be read, the configured status ({@code
 * lessor.health.irrevocable-status}, DOWN by default) while leases are irrevocable (their
 * revocation failed for good: credentials that may still work and need an operator), UP otherwise.
 * Details: the mounts, the live leases and the irrevocable ones, the revocation lag.
 *
 * <p>The lease counts come from {@link dev.lessor.LeaseManager#stats(Duration)}, read from the
 * store at most once per {@code lessor.health.max-age}. Thread-safe; the Actuator calls it on its
 * request threads.
 */
public final class LessorHealthIndicator implements HealthIndicator {
  private final Lessor lessor;
  private final Status irrevocableStatus;
  private final Duration maxAge;

  /**
   * @param irrevocableStatus reported while irrevocable leases exist
   * @param maxAge how old the lease counts may be
   */
  public LessorHealthIndicator(Lessor lessor, Status irrevocableStatus, Duration maxAge) {
    this.lessor = lessor;
    this.irrevocableStatus = irrevocableStatus;
    this.maxAge = maxAge;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up().withDetail("mounts", lessor.mounts());
    LeaseStats stats;
    try {
      stats = lessor.leases().stats(maxAge);
    } catch (RuntimeException e) {
      // the store is unreachable: say why (store messages name no secret)
      return health.down().withDetail("store", "unreachable: " + e.getMessage()).build();
    }
    long irrevocable = stats.count(LeaseState.IRREVOCABLE);
    health
        .withDetail("store", "reachable")
        .withDetail("leases", stats.count(LeaseState.ACTIVE) + stats.count(LeaseState.PENDING))
        .withDetail("irrevocable", irrevocable)
        .withDetail("revocationLag", stats.revocationLag().toString());
    return irrevocable > 0 ? health.status(irrevocableStatus).build() : health.build();
  }
}
