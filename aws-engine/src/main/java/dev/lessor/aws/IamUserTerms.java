package dev.lessor.aws;

import dev.lessor.spi.LeaseTerms;
import java.time.Duration;

/**
 * The lease terms of an IAM user credential, on issue and on every renewal: the role's {@code
 * ttl}/{@code max_ttl} first, then {@code config/lease}, then the mount's defaults (zero). The core
 * caps the result at the mount's maximum. Stateless.
 */
final class IamUserTerms {
  private IamUserTerms() {}

  /**
   * @param role the role, or {@code null} when it was deleted since the lease was issued
   * @param requested the TTL the caller asked for, or zero
   */
  static LeaseTerms of(RoleEntry role, LeaseConfig config, Duration requested) {
    Duration ttl = role != null && !role.ttl().isZero() ? role.ttl() : config.lease();
    Duration max = role != null && !role.maxTtl().isZero() ? role.maxTtl() : config.leaseMax();
    if (!requested.isZero()) {
      ttl = requested;
    }
    if (!max.isZero() && ttl.compareTo(max) > 0) {
      ttl = max;
    }
    return LeaseTerms.renewable(ttl, max);
  }
}
